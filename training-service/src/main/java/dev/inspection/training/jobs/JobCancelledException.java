package dev.inspection.training.jobs;

/** Thrown by {@link CancellationToken#throwIfCancelled()} to unwind a cancelled job. */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException(String message) {
        super(message);
    }
}
