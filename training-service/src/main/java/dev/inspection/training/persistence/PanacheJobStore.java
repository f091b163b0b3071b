package dev.inspection.training.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.JobStateMachine;
import dev.inspection.training.jobs.JobStore;
import dev.inspection.training.jobs.NewJob;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** {@link JobStore} on PostgreSQL; each call is one transaction, transitions lock the row. */
@ApplicationScoped
public class PanacheJobStore implements JobStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    @Transactional
    public JobRecord create(NewJob job, Instant now) {
        JobEntity e = new JobEntity();
        e.id = UUID.randomUUID();
        e.modelName = job.modelName();
        e.method = job.method().name();
        e.state = JobState.QUEUED.name();
        e.phase = JobPhase.JOB_PHASE_UNSPECIFIED.name();
        e.datasetId = job.datasetId();
        e.snapshotId = job.snapshotId();
        e.preset = job.preset();
        e.configJson = writeConfig(job.config());
        e.preprocessingJson = job.preprocessing() == null ? "" : printPreprocessing(job.preprocessing());
        e.backboneId = job.backboneId();
        e.activate = job.activate();
        e.seed = job.seed();
        e.error = "";
        e.createdAt = now;
        e.persist();
        return toRecord(e);
    }

    @Override
    @Transactional
    public Optional<JobRecord> find(String id) {
        UUID uuid = parse(id);
        return uuid == null ? Optional.empty() : JobEntity.<JobEntity>findByIdOptional(uuid).map(PanacheJobStore::toRecord);
    }

    @Override
    @Transactional
    public List<JobRecord> list(JobState state, int offset, int limit) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        var query = state == null ? JobEntity.<JobEntity>findAll(newestFirst)
                : JobEntity.<JobEntity>find("state", newestFirst, state.name());
        List<JobRecord> out = new ArrayList<>();
        for (JobEntity e : query.range(offset, offset + limit - 1).list()) {
            out.add(toRecord(e));
        }
        return out;
    }

    @Override
    @Transactional
    public long count(JobState state) {
        return state == null ? JobEntity.count() : JobEntity.count("state", state.name());
    }

    @Override
    @Transactional
    public Optional<JobRecord> transition(String id, JobState to, Instant now, String error, int registeredVersion) {
        JobEntity e = JobEntity.findById(parse(id), LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !JobStateMachine.canMove(JobState.valueOf(e.state), to)) {
            return Optional.empty();
        }
        e.state = to.name();
        if (to == JobState.RUNNING) {
            e.startedAt = now;
        }
        if (JobStateMachine.isFinal(to)) {
            e.finishedAt = now;
        }
        if (error != null) {
            e.error = error;
        }
        if (registeredVersion > 0) {
            e.registeredVersion = registeredVersion;
        }
        return Optional.of(toRecord(e));
    }

    @Override
    @Transactional
    public void updatePhase(String id, JobPhase phase) {
        JobEntity.update("phase = ?1 where id = ?2", phase.name(), parse(id));
    }

    @Override
    @Transactional
    public void updateSnapshot(String id, String snapshotId) {
        JobEntity.update("snapshotId = ?1 where id = ?2", snapshotId, parse(id));
    }

    @Override
    @Transactional
    public List<String> failUnfinished(String reason, Instant now) {
        List<JobEntity> unfinished = JobEntity.<JobEntity>list("state in ?1",
                List.of(JobState.QUEUED.name(), JobState.RUNNING.name()));
        List<String> ids = new ArrayList<>();
        for (JobEntity e : unfinished) {
            e.state = JobState.FAILED.name();
            e.error = reason;
            e.finishedAt = now;
            ids.add(e.id.toString());
        }
        return ids;
    }

    static JobRecord toRecord(JobEntity e) {
        Preprocessing preprocessing = null;
        if (e.preprocessingJson != null && !e.preprocessingJson.isEmpty()) {
            Preprocessing.Builder b = Preprocessing.newBuilder();
            try {
                JsonFormat.parser().merge(e.preprocessingJson, b);
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException("job " + e.id + " has unreadable preprocessing JSON", ex);
            }
            preprocessing = b.build();
        }
        return new JobRecord(e.id.toString(), e.modelName, Method.valueOf(e.method), JobState.valueOf(e.state),
                JobPhase.valueOf(e.phase), e.datasetId, e.snapshotId, e.preset, readConfig(e.configJson), preprocessing,
                e.backboneId, e.activate, e.seed, e.error, e.registeredVersion, e.createdAt, e.startedAt, e.finishedAt);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String writeConfig(SortedMap<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config is not serialisable", e);
        }
    }

    private static SortedMap<String, String> readConfig(String json) {
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job config is not valid JSON", e);
        }
    }

    private static String printPreprocessing(Preprocessing p) {
        try {
            return JsonFormat.printer().print(p);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
