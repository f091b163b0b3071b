package dev.inspection.training.jobs;

import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A {@link JobStore} in a map, with the same transition rules as the database one. */
final class InMemoryJobStore implements JobStore {

    private final Map<String, JobRecord> rows = new LinkedHashMap<>();

    @Override
    public synchronized JobRecord create(NewJob job, Instant now) {
        JobRecord r = new JobRecord(UUID.randomUUID().toString(), job.modelName(), job.method(), JobState.QUEUED,
                JobPhase.JOB_PHASE_UNSPECIFIED, job.datasetId(), job.snapshotId(), job.preset(), job.config(),
                job.preprocessing(), job.backboneId(), job.activate(), job.seed(), "", 0, now, null, null);
        rows.put(r.id(), r);
        return r;
    }

    /** Puts a row as a previous process left it. */
    synchronized JobRecord insert(JobRecord record) {
        rows.put(record.id(), record);
        return record;
    }

    @Override
    public synchronized Optional<JobRecord> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<JobRecord> list(JobState state, int offset, int limit) {
        List<JobRecord> all = new ArrayList<>(rows.values().stream().filter(r -> state == null || r.state() == state)
                .sorted(Comparator.comparing(JobRecord::createdAt).reversed()).toList());
        return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
    }

    @Override
    public synchronized long count(JobState state) {
        return rows.values().stream().filter(r -> state == null || r.state() == state).count();
    }

    @Override
    public synchronized Optional<JobRecord> transition(String id, JobState to, Instant now, String error, int version) {
        JobRecord r = rows.get(id);
        if (r == null || !JobStateMachine.canMove(r.state(), to)) {
            return Optional.empty();
        }
        JobRecord u = new JobRecord(r.id(), r.modelName(), r.method(), to, r.phase(), r.datasetId(), r.snapshotId(),
                r.preset(), r.config(), r.preprocessing(), r.backboneId(), r.activate(), r.seed(),
                error != null ? error : r.error(), version > 0 ? version : r.registeredVersion(), r.createdAt(),
                to == JobState.RUNNING ? now : r.startedAt(), JobStateMachine.isFinal(to) ? now : r.finishedAt());
        rows.put(id, u);
        return Optional.of(u);
    }

    @Override
    public synchronized void updatePhase(String id, JobPhase phase) {
        JobRecord r = rows.get(id);
        rows.put(id, new JobRecord(r.id(), r.modelName(), r.method(), r.state(), phase, r.datasetId(), r.snapshotId(),
                r.preset(), r.config(), r.preprocessing(), r.backboneId(), r.activate(), r.seed(), r.error(),
                r.registeredVersion(), r.createdAt(), r.startedAt(), r.finishedAt()));
    }

    @Override
    public synchronized void updateSnapshot(String id, String snapshotId) {
        JobRecord r = rows.get(id);
        rows.put(id, new JobRecord(r.id(), r.modelName(), r.method(), r.state(), r.phase(), r.datasetId(), snapshotId,
                r.preset(), r.config(), r.preprocessing(), r.backboneId(), r.activate(), r.seed(), r.error(),
                r.registeredVersion(), r.createdAt(), r.startedAt(), r.finishedAt()));
    }

    @Override
    public synchronized List<String> failUnfinished(String reason, Instant now) {
        List<String> ids = new ArrayList<>();
        for (JobRecord r : List.copyOf(rows.values())) {
            if (!JobStateMachine.isFinal(r.state())) {
                rows.put(r.id(), new JobRecord(r.id(), r.modelName(), r.method(), JobState.FAILED, r.phase(),
                        r.datasetId(), r.snapshotId(), r.preset(), r.config(), r.preprocessing(), r.backboneId(),
                        r.activate(), r.seed(), reason, 0, r.createdAt(), r.startedAt(), now));
                ids.add(r.id());
            }
        }
        return ids;
    }
}
