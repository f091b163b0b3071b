package dev.inspection.training.jobs;

import dev.inspection.api.training.v1.JobPhase;

/** What a running pipeline may do with its job: report progress, record the snapshot, poll cancel. */
public interface JobContext {

    CancellationToken cancellation();

    /** Enters a phase (stored and announced to watchers). */
    void phase(JobPhase phase, String message);

    /** Records the frozen snapshot id on the job. */
    void snapshot(String snapshotId);

    /**
     * Announces progress within the current phase.
     *
     * @param progress fraction of the whole job in [0, 1]
     */
    void progress(double progress, String message);

    /**
     * Announces a training step (SimpleNet's losses and discriminator means).
     *
     * @param progress fraction of the whole job in [0, 1]
     */
    void trainingStep(TrainingStep step, double progress);
}
