package dev.inspection.feature.extraction;

import dev.inspection.feature.backbone.BackboneSession;
import dev.inspection.feature.batching.MicroBatcher;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The micro-batcher's batch function for one input side: copies the queued images into one
 * direct input buffer (reused across batches), runs the backbone once, and hands each image a
 * view of the batch outputs.
 */
final class BackboneBatchRunner implements MicroBatcher.BatchFunction<BackboneBatchRunner.Job, BackboneBatchRunner.Output> {

    /**
     * One preprocessed image waiting for the backbone.
     *
     * @param entered completed when the image's backbone run starts (a batch request queues its next image then)
     */
    record Job(float[] input, Set<String> levels, long enqueuedNanos, CompletableFuture<Void> entered) {
    }

    /** An image's share of a batch run: level arrays are [batch, C, H, W]; this image is {@code index}. */
    record Output(Map<String, float[]> batchLevels, int index, int batchSize, long queueNanos, long backboneNanos) {
    }

    private final BackboneSession session;
    private final int side;
    private final int floatsPerImage;
    private FloatBuffer inputBuffer;

    BackboneBatchRunner(BackboneSession session, int side, int maxBatchSize) {
        this.session = session;
        this.side = side;
        this.floatsPerImage = 3 * side * side;
        this.inputBuffer = ByteBuffer.allocateDirect(maxBatchSize * floatsPerImage * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public List<Output> apply(List<Job> jobs) throws Exception {
        int n = jobs.size();
        if (inputBuffer.capacity() < n * floatsPerImage) {
            inputBuffer = ByteBuffer.allocateDirect(n * floatsPerImage * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        FloatBuffer input = inputBuffer.clear();
        Set<String> levels = new LinkedHashSet<>();
        long start = System.nanoTime();
        for (Job job : jobs) {
            input.put(job.input(), 0, floatsPerImage);
            levels.addAll(job.levels());
            job.entered().complete(null);
        }
        input.flip();
        Map<String, float[]> outputs = session.run(input, n, side, levels);
        long backboneNanos = System.nanoTime() - start;
        List<Output> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new Output(outputs, i, n, start - jobs.get(i).enqueuedNanos(), backboneNanos));
        }
        return results;
    }
}
