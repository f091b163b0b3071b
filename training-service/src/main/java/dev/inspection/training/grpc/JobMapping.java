package dev.inspection.training.grpc;

import com.google.protobuf.Timestamp;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.training.jobs.JobManager;
import dev.inspection.training.jobs.JobRecord;
import java.time.Instant;

/** Stored jobs to API messages. */
final class JobMapping {
    private JobMapping() {
    }

    static TrainingJob toProto(JobRecord r, JobEvent latest) {
        TrainingJob.Builder b = TrainingJob.newBuilder().setId(r.id()).setModelName(r.modelName()).setMethod(r.method())
                .setState(r.state()).setPhase(r.phase()).setDatasetId(r.datasetId()).setSnapshotId(r.snapshotId())
                .setPreset(r.preset()).putAllConfig(r.config()).setSeed(r.seed()).setError(r.error())
                .setRegisteredVersion(r.registeredVersion()).setCreatedAt(timestamp(r.createdAt()))
                .setLastEvent(latest != null ? latest : initialEvent(r));
        if (r.startedAt() != null) {
            b.setStartedAt(timestamp(r.startedAt()));
        }
        if (r.finishedAt() != null) {
            b.setFinishedAt(timestamp(r.finishedAt()));
        }
        return b.build();
    }

    /** The event a watcher gets for a job this process has no events of (e.g. finished before a restart). */
    static JobEvent initialEvent(JobRecord r) {
        Instant at = r.finishedAt() != null ? r.finishedAt() : r.startedAt() != null ? r.startedAt() : r.createdAt();
        JobEvent.Builder e = JobManager.event(r).setAt(timestamp(at)).setMessage(r.error());
        if (r.registeredVersion() > 0) {
            e.setProgress(1.0).setMessage("registered " + r.modelName() + " version " + r.registeredVersion());
        }
        return e.build();
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
