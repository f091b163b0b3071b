package dev.inspection.feature.batching;

/** The micro-batch queue is at capacity: the caller should back off (gRPC RESOURCE_EXHAUSTED). */
public final class QueueFullException extends RuntimeException {
    public QueueFullException(String queue, int capacity) {
        super(queue + " queue is full (" + capacity + " requests waiting); retry later");
    }
}
