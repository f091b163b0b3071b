package dev.inspection.feature.extraction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the images of one batch request through queue -> backbone -> finish so that the backbone
 * does not wait for this request's CPU stages: image i+1 is decoded and queued while image i is in
 * the backbone, and image i is aggregated and encoded while image i+1 is in it.
 *
 * <p>Image i+1 is queued only once image i has entered the backbone, so the images of one request
 * run one by one instead of piling up into one large backbone batch whose results would all be
 * aggregated after it, with the backbone idle (ONNX Runtime on the CPU is not faster per image in
 * larger batches). Concurrent requests still share backbone batches through the micro-batcher.
 *
 * <p>Results come back in order. The first failure stops the pipeline: the image still queued is
 * given up and the failure is rethrown as it is, so a bad image i fails the request exactly as it
 * would on its own.
 */
final class OrderedPipeline {

    private OrderedPipeline() {
    }

    /**
     * The stages of one image, all called on the caller's thread, in image order.
     *
     * @param <P> an image queued for the backbone
     * @param <R> a finished image
     */
    interface Stages<P, R> {

        /** Decodes, preprocesses and queues image {@code index} for the backbone. */
        P submit(int index) throws Exception;

        /** Completes once the backbone has taken the image, or once the image failed or was dropped. */
        CompletableFuture<?> entered(P queued);

        /** Waits for the image's backbone run and turns its output into the result of image {@code index}. */
        R finish(int index, P queued) throws Exception;

        /** Gives up on a queued image (skipped if its backbone run has not started). */
        void cancel(P queued);
    }

    /** Runs images {@code 0 .. count-1}; returns their results in order. */
    static <P, R> List<R> run(int count, Stages<P, R> stages) throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("a pipeline needs at least one image, got " + count);
        }
        List<R> results = new ArrayList<>(count);
        P current = stages.submit(0);
        try {
            for (int i = 0; i < count; i++) {
                P next = null;
                if (i + 1 < count) {
                    awaitEntered(stages.entered(current));
                    next = stages.submit(i + 1);
                }
                P finishing = current;
                current = next;
                results.add(stages.finish(i, finishing));
            }
        } catch (Exception | Error e) {
            if (current != null) {
                stages.cancel(current); // the image queued behind the failed one
            }
            throw e;
        }
        return results;
    }

    /** Waits for the backbone to take an image; how it ended is for {@link Stages#finish} to report. */
    private static void awaitEntered(CompletableFuture<?> entered) throws InterruptedException {
        try {
            entered.get();
        } catch (ExecutionException | CancellationException ignored) {
            // finish() rethrows the image's own failure
        }
    }
}
