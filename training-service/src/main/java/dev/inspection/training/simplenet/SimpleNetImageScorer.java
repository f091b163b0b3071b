package dev.inspection.training.simplenet;

import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.PostProcessingConfig;

/**
 * Scores whole images the way the product does (methods.md §1.9): patch score {@code -D(adaptor(f))}
 * through the folded head, image score = max of the raw patch grid, pixel map = bilinear upsampling
 * (align_corners=False) to the input size + Gaussian blur sigma 4, via the shared
 * {@link AnomalyMapPipeline}. Not thread-safe; close it to free the native head.
 */
public final class SimpleNetImageScorer implements AutoCloseable {

    /** One scored image. */
    public record ScoredImage(float[] patchScores, double imageScore, float[] pixelMap) {
    }

    private final PatchScorer patchScorer;
    private final AnomalyMapPipeline pipeline;
    private final AnomalyMapPipeline.Workspace workspace = new AnomalyMapPipeline.Workspace();
    private final int patches;

    /**
     * @param gridHeight patch rows per image (36 at 288x288)
     * @param gridWidth  patch columns per image
     * @param mapSize    pixel map side (the network input size, 288)
     */
    public SimpleNetImageScorer(TrainedSimpleNet model, int gridHeight, int gridWidth, int mapSize) {
        this.pipeline = new AnomalyMapPipeline(PostProcessingConfig.simpleNet(mapSize), gridHeight, gridWidth);
        this.patches = gridHeight * gridWidth;
        this.patchScorer = model.openScorer();
    }

    public int patchesPerImage() {
        return patches;
    }

    public int mapPixels() {
        return pipeline.mapPixels();
    }

    /** Scores one image's embeddings ({@code patches x D} floats, row {@code y * gridWidth + x}). */
    public ScoredImage score(float[] embeddings) {
        float[] patchScores = patchScorer.score(embeddings, patches);
        float[] map = new float[pipeline.mapPixels()];
        double imageScore = pipeline.computeMap(patchScores, map, workspace);
        return new ScoredImage(patchScores, imageScore, map);
    }

    @Override
    public void close() {
        patchScorer.close();
    }
}
