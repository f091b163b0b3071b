package dev.inspection.training.jobs;

/** A cancel flag the pipeline and the trainer poll between steps. */
public final class CancellationToken {
    private final String jobId;
    private volatile boolean cancelled;

    public CancellationToken(String jobId) {
        this.jobId = jobId;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** @throws JobCancelledException once {@link #cancel()} was called */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new JobCancelledException("job " + jobId + " was cancelled");
        }
    }
}
