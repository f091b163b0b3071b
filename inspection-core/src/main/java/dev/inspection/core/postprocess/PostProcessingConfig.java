package dev.inspection.core.postprocess;

/**
 * Post-processing of patch-score grids into a pixel map, mirroring the {@code PostProcessing} message
 * of {@code inspection/model/v1/model.proto} plus the image-score source.
 *
 * @param mapSize      output map side in pixels (square; the network input size, e.g. 288)
 * @param blurSigma    Gaussian sigma in pixels; 0 means no blur
 * @param alignCorners bilinear upsampling with {@code align_corners} (BGAD) or not (SimpleNet)
 * @param imageScore   where the raw image score comes from
 */
public record PostProcessingConfig(int mapSize, double blurSigma, boolean alignCorners, ImageScoreSource imageScore) {

    /** SimpleNet: align_corners=False, sigma 4, image score = max of the raw grid. */
    public static PostProcessingConfig simpleNet(int mapSize) {
        return new PostProcessingConfig(mapSize, 4.0, false, ImageScoreSource.GRID_MAX);
    }

    /** BGAD: align_corners=True, no blur, image score = max of the map. */
    public static PostProcessingConfig bgad(int mapSize) {
        return new PostProcessingConfig(mapSize, 0.0, true, ImageScoreSource.MAP_MAX);
    }

    /**
     * @throws IllegalArgumentException if mapSize is not positive, blurSigma is negative or not finite,
     *                                  or imageScore is null
     */
    public PostProcessingConfig {
        if (mapSize <= 0) {
            throw new IllegalArgumentException("mapSize must be positive, got " + mapSize);
        }
        if (!(blurSigma >= 0) || !Double.isFinite(blurSigma)) {
            throw new IllegalArgumentException("blurSigma must be finite and >= 0, got " + blurSigma);
        }
        if (imageScore == null) {
            throw new IllegalArgumentException("imageScore is null");
        }
    }
}
