package dev.inspection.scoring.engine;

import java.util.concurrent.Semaphore;

/** Bounds the images being scored at once; callers over the bound are refused, never queued. */
public final class InFlightLimiter {

    private final int capacity;
    private final Semaphore permits;

    public InFlightLimiter(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("inspection.scoring.max-in-flight must be > 0, got " + capacity);
        }
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    /**
     * Takes {@code images} permits at once.
     *
     * @throws ScoringException RESOURCE_EXHAUSTED when they are not free now
     */
    public Permit acquire(int images) {
        if (!permits.tryAcquire(images)) {
            throw ScoringException.resourceExhausted("scoring queue is full: " + (capacity - permits.availablePermits())
                    + " of " + capacity + " images in flight (inspection.scoring.max-in-flight), " + images
                    + " more asked for; retry later");
        }
        return new Permit(images);
    }

    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    /** Returns its permits once. */
    public final class Permit implements AutoCloseable {
        private int held;

        private Permit(int held) {
            this.held = held;
        }

        @Override
        public synchronized void close() {
            permits.release(held);
            held = 0;
        }
    }
}
