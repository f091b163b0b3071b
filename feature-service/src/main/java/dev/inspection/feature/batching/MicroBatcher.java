package dev.inspection.feature.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Groups concurrent single requests into batches for one expensive call (the backbone), on one
 * worker thread: a batch closes when it holds {@code maxBatchSize} items or when one of its items
 * has waited {@code maxQueueDelayNanos} (at once for items queued without waiting for companions).
 * A full queue rejects at once ({@link QueueFullException}) rather than letting latency grow
 * without bound. Items whose caller has gone (cancelled or past its deadline) are dropped before
 * the batch runs.
 *
 * @param <I> one request
 * @param <O> its result
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    /** Runs one batch; returns one result per input, in order. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> apply(List<I> inputs) throws Exception;
    }

    /** A queued input; its batch closes at {@code closeAtNanos} at the latest. */
    private record Pending<I, O>(I input, BooleanSupplier abandoned, CompletableFuture<O> result, long closeAtNanos) {
    }

    private final String name;
    private final int maxBatchSize;
    private final long maxQueueDelayNanos;
    private final int capacity;
    private final BlockingQueue<Pending<I, O>> queue;
    private final BatchFunction<I, O> function;
    private final Thread worker;
    private volatile boolean closed;

    public MicroBatcher(String name, int maxBatchSize, long maxQueueDelayNanos, int capacity, BatchFunction<I, O> function) {
        if (maxBatchSize < 1 || capacity < 1 || maxQueueDelayNanos < 0) {
            throw new IllegalArgumentException("maxBatchSize and capacity must be >= 1, delay >= 0");
        }
        this.name = name;
        this.maxBatchSize = maxBatchSize;
        this.maxQueueDelayNanos = maxQueueDelayNanos;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.function = function;
        this.worker = new Thread(this::runLoop, "microbatch-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues one input. {@code abandoned} is polled before the batch runs: when it answers true the
     * input is skipped and its future fails with {@link CancellationException}.
     *
     * @throws QueueFullException when {@code capacity} inputs are already waiting
     */
    public CompletableFuture<O> submit(I input, BooleanSupplier abandoned) {
        return submit(input, abandoned, true);
    }

    /**
     * Like {@link #submit(Object, BooleanSupplier)}; with {@code waitForCompanions} false the input's
     * batch does not wait for later inputs: it runs with whatever is queued when the worker is free.
     * For callers that queue their inputs one at a time on purpose (a batch request's pipeline).
     */
    public CompletableFuture<O> submit(I input, BooleanSupplier abandoned, boolean waitForCompanions) {
        if (closed) {
            throw new IllegalStateException(name + " batcher is closed");
        }
        long now = System.nanoTime();
        Pending<I, O> pending = new Pending<>(input, abandoned, new CompletableFuture<>(),
                waitForCompanions ? now + maxQueueDelayNanos : now);
        if (!queue.offer(pending)) {
            throw new QueueFullException(name, capacity);
        }
        return pending.result();
    }

    /** Inputs waiting now. */
    public int queued() {
        return queue.size();
    }

    private void runLoop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatchSize);
        while (!closed) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long closeAt = first.closeAtNanos();
                while (batch.size() < maxBatchSize) {
                    long wait = closeAt - System.nanoTime();
                    Pending<I, O> next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    closeAt = Math.min(closeAt, next.closeAtNanos());
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failRemaining();
    }

    private void runBatch(List<Pending<I, O>> batch) {
        List<Pending<I, O>> live = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
            if (p.result().isDone()) {
                continue; // the caller cancelled its future
            }
            if (p.abandoned().getAsBoolean()) {
                p.result().completeExceptionally(new CancellationException("caller went away before the batch ran"));
            } else {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(live.size());
        for (Pending<I, O> p : live) {
            inputs.add(p.input());
        }
        try {
            List<O> outputs = function.apply(inputs);
            if (outputs.size() != live.size()) {
                throw new IllegalStateException(name + " batch returned " + outputs.size() + " results for " + live.size() + " inputs");
            }
            for (int i = 0; i < live.size(); i++) {
                live.get(i).result().complete(outputs.get(i));
            }
        } catch (Throwable t) {
            for (Pending<I, O> p : live) {
                p.result().completeExceptionally(t);
            }
        }
    }

    private void failRemaining() {
        Pending<I, O> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new CancellationException(name + " batcher closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }
}
