package dev.inspection.training.jobs;

/**
 * The one cancel flag of the service: a job's pipeline, the feature streaming, the trainers and the
 * evaluation poll it between steps and images. Runs nobody can cancel (benchmarks, re-evaluation of
 * a registered version) use {@link #never(String)}.
 */
public final class CancellationToken {
    private final String owner;
    private volatile boolean cancelled;

    /** @param jobId named in the {@link JobCancelledException} message */
    public CancellationToken(String jobId) {
        this.owner = "job " + jobId;
    }

    /** A token for work outside a job ({@code what} names it); nothing holds it to cancel it. */
    public static CancellationToken never(String what) {
        return new CancellationToken(what);
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
            throw new JobCancelledException(owner + " was cancelled");
        }
    }

    /**
     * @param progress how far the work got, for the message (e.g. "after 12 of 1000 training steps")
     * @throws JobCancelledException once {@link #cancel()} was called
     */
    public void throwIfCancelled(String progress) {
        if (cancelled) {
            throw new JobCancelledException(owner + " was cancelled " + progress);
        }
    }
}
