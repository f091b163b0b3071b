package dev.inspection.training.bgad;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import java.util.List;

/**
 * The normal half of a BGAD training set: the chosen preprocessing, the fitted per-level channel
 * reductions, the reduced rows of every normal training image, and the network-resolution pixels of
 * those images (the canvases pseudo anomalies are pasted on).
 *
 * @param rawShapes     backbone level shapes before reduction
 * @param networkImages the normal images after resize/crop, aligned with {@code bank}
 */
public record NormalFeatures(PreprocessingSpec preprocessing, List<LevelShape> rawShapes,
                             List<ChannelReduction> reductions, FeatureBank bank, List<RgbImage> networkImages,
                             List<String> imageIds) {

    public NormalFeatures {
        rawShapes = List.copyOf(rawShapes);
        reductions = List.copyOf(reductions);
        networkImages = List.copyOf(networkImages);
        imageIds = List.copyOf(imageIds);
        if (bank.size() != networkImages.size() || bank.size() != imageIds.size()) {
            throw new IllegalArgumentException("feature bank, images and ids disagree in count");
        }
    }

    /** Reduces one image's raw level rows with the fitted reductions. */
    public float[][] reduce(float[][] rawLevels) {
        float[][] out = new float[rawLevels.length][];
        for (int l = 0; l < rawLevels.length; l++) {
            ChannelReduction r = reductions.get(l);
            int n = rawShapes.get(l).positions();
            out[l] = new float[n * r.outChannels()];
            r.apply(rawLevels[l], 0, n, out[l], 0);
        }
        return out;
    }
}
