package dev.inspection.scoring.engine;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.postprocess.DefectRegion;
import dev.inspection.core.postprocess.DefectRegions;
import dev.inspection.core.postprocess.Heatmap;
import dev.inspection.core.postprocess.PngImages;
import dev.inspection.core.tensor.Float16;

import java.util.List;

/** Builds the optional outputs of a normalised map with the shared core code (heatmap, overlay, mask, regions). */
final class OutputRenderer {

    /** Heatmap opacity over the input image. */
    static final double OVERLAY_ALPHA = 0.5;

    /** Region finders own buffers for one map size; one per thread. */
    private final ThreadLocal<SizedFinder> regionFinders = new ThreadLocal<>();

    byte[] heatmapPng(float[] normalisedMap, int mapSize) {
        return PngImages.encodeRgb(Heatmap.jet(normalisedMap, new byte[3 * normalisedMap.length]), mapSize, mapSize);
    }

    /** Heatmap blended over the preprocessed (resized and cropped) input image. */
    byte[] overlayPng(float[] normalisedMap, int mapSize, RgbImage input, Preprocessing preprocessing) {
        PreprocessingSpec spec = spec(preprocessing);
        if (spec.cropSize() != mapSize) {
            throw ScoringException.failedPrecondition("overlay needs the map size (" + mapSize
                    + ") to equal the network input size (" + spec.cropSize() + ")");
        }
        RgbImage network = new Preprocessor(spec).resizeAndCropImage(input);
        byte[] rgb = Heatmap.jet(normalisedMap, new byte[3 * normalisedMap.length]);
        return PngImages.encodeRgb(Heatmap.blend(network.rgb(), rgb, OVERLAY_ALPHA, rgb), mapSize, mapSize);
    }

    byte[] maskPng(float[] normalisedMap, int mapSize, double decisionLine) {
        byte[] mask = DefectRegions.binaryMask(normalisedMap, decisionLine, new byte[normalisedMap.length]);
        return PngImages.encodeGray(mask, mapSize, mapSize);
    }

    List<DefectRegion> regions(float[] normalisedMap, int mapSize, double decisionLine, int minArea) {
        SizedFinder finder = regionFinders.get();
        if (finder == null || finder.mapSize() != mapSize) {
            finder = new SizedFinder(mapSize, new DefectRegions(mapSize, mapSize));
            regionFinders.set(finder);
        }
        return finder.regions().find(normalisedMap, decisionLine, minArea);
    }

    private record SizedFinder(int mapSize, DefectRegions regions) {
    }

    static byte[] float16(float[] normalisedMap) {
        return Float16.encode(normalisedMap);
    }

    static PreprocessingSpec spec(Preprocessing p) {
        float[] mean = floats(p.getMeanList(), PreprocessingSpec.IMAGENET_MEAN);
        float[] std = floats(p.getStdList(), PreprocessingSpec.IMAGENET_STD);
        if (p.getMode() == ResizeMode.RESIZE_WHOLE) {
            return new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_WHOLE, p.getCropSize(), p.getCropSize(), mean, std);
        }
        return new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_CENTER_CROP, p.getResizeSize(), p.getCropSize(), mean, std);
    }

    private static float[] floats(List<Float> values, float[] fallback) {
        if (values.isEmpty()) {
            return fallback;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
