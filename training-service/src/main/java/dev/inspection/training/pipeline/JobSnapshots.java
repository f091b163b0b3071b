package dev.inspection.training.pipeline;

import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.jobs.JobContext;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.TrainingException;

/** The SNAPSHOT phase every job pipeline starts with. */
public final class JobSnapshots {

    private JobSnapshots() {
    }

    /**
     * Freezes a snapshot of the job's dataset, or fetches the one the request named, and records it on the job.
     *
     * @throws TrainingException FAILED_PRECONDITION when the named snapshot belongs to another dataset
     */
    public static Snapshot resolve(DatasetClient dataset, JobRecord job, JobContext ctx) {
        ctx.phase(JobPhase.SNAPSHOT, job.snapshotId().isEmpty() ? "freezing a snapshot of dataset " + job.datasetId()
                : "using snapshot " + job.snapshotId());
        Snapshot snapshot = job.snapshotId().isEmpty()
                ? dataset.createSnapshot(job.datasetId(), "training job " + job.id() + " (" + job.modelName() + ")")
                : dataset.getSnapshot(job.snapshotId());
        if (!job.datasetId().isEmpty() && !snapshot.getDatasetId().equals(job.datasetId())) {
            throw TrainingException.failedPrecondition("snapshot " + snapshot.getId() + " belongs to dataset "
                    + snapshot.getDatasetId() + ", not " + job.datasetId());
        }
        ctx.snapshot(snapshot.getId());
        return snapshot;
    }
}
