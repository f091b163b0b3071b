package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import dev.inspection.training.pipeline.BgadNormalRowsCache;
import dev.inspection.training.pipeline.DiskFeatureStore;
import dev.inspection.training.pipeline.FeatureKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BgadDataPreparationTest {

    private static final int SIZE = 64;

    @Test
    void statisticsSampleIsSpreadOverTheWholeList() {
        assertArrayEquals(new int[] {0, 4, 8, 12}, BgadDataPreparation.statisticsSample(16, 4));
        assertArrayEquals(new int[] {0, 2, 5}, BgadDataPreparation.statisticsSample(8, 3));
        assertArrayEquals(new int[] {0, 1, 2}, BgadDataPreparation.statisticsSample(3, 32), "fewer images than asked");
    }

    /**
     * A list ordered by acquisition batch (dark images first, bright ones after, like magnetic tile's
     * exp1..exp6 file names): the channel statistics must see both batches, and every image is
     * extracted once.
     */
    @Test
    void channelStatisticsComeFromBothHalvesOfAnOrderedListAndNoImageIsExtractedTwice() {
        List<NormalImage> normals = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            RgbImage image = i < 8 ? SyntheticFeatureSource.normalImage(SIZE, i) : brighter(SyntheticFeatureSource
                    .normalImage(SIZE, i));
            normals.add(new NormalImage("good/" + i, image));
        }
        BgadConfig config = BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.of("reduced_channels", "4,4,6",
                "input_size", Integer.toString(SIZE), "statistics_images", "4"));
        SyntheticFeatureSource source = new SyntheticFeatureSource();
        PreprocessingSpec spec = PreprocessingSpec.whole(SIZE);

        NormalFeatures features = new BgadDataPreparation(source).prepareNormals(normals, spec, config,
                BgadProgressListener.NONE, () -> false);

        assertEquals(16, source.extractedImages, "each normal extracted once");
        assertEquals(16, features.bank().size());
        List<float[][]> sample = new SyntheticFeatureSource().extract(List.of(normals.get(0).image(),
                normals.get(4).image(), normals.get(8).image(), normals.get(12).image()), spec);
        int[] reduced = config.reducedChannels();
        for (int l = 0; l < 3; l++) {
            int level = l;
            ChannelReduction expected = ChannelReduction.fit(SyntheticFeatureSource.CHANNELS[l], reduced[l],
                    BgadDataPreparation.PROJECTION_SEED + l, sample.stream().map(r -> r[level]).toList());
            assertArrayEquals(expected.mean(), features.reductions().get(l).mean(), 1e-6f, "level " + (l + 1) + " mean");
            assertArrayEquals(expected.std(), features.reductions().get(l).std(), 1e-6f, "level " + (l + 1) + " std");
        }
        // the bank keeps list order: entry 5 holds image 5 reduced with the fitted reductions
        float[][] raw = new SyntheticFeatureSource().extract(List.of(normals.get(5).image()), spec).get(0);
        float[] expectedRows = features.reduce(raw)[1];
        assertArrayEquals(expectedRows, features.bank().levelRows(5, 1), 2e-3f * maxAbs(expectedRows));
    }

    private static List<NormalImage> syntheticNormals(int count) {
        List<NormalImage> normals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            normals.add(new NormalImage(String.format("%064x", i), SyntheticFeatureSource.normalImage(SIZE, i)));
        }
        return normals;
    }

    private static BgadConfig smallFlows(int statisticsImages) {
        return BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.of("reduced_channels", "4,4,6",
                "input_size", Integer.toString(SIZE), "statistics_images", Integer.toString(statisticsImages)));
    }

    /**
     * A job's cached rows stay while its cache is open, whatever the store's budget; once it closes,
     * the next write elsewhere evicts them, and the next job extracts them again.
     */
    @Test
    void rowsAJobHoldsOutliveTheBudgetUntilItsCacheClosesAndAreExtractedAgainAfterEviction(@TempDir Path cacheDir)
            throws IOException {
        List<NormalImage> normals = syntheticNormals(6);
        BgadConfig config = smallFlows(2);
        PreprocessingSpec spec = PreprocessingSpec.whole(SIZE);
        List<String> levels = List.of("layer1", "layer2", "layer3");
        DiskFeatureStore store = new DiskFeatureStore(cacheDir, 1);
        try (BgadNormalRowsCache cache = new BgadNormalRowsCache(store, "snapshot-1", "sha", levels)) {
            new BgadDataPreparation(new SyntheticFeatureSource(), cache).prepareNormals(normals, spec, config,
                    BgadProgressListener.NONE, () -> false);
            assertTrue(store.sizeBytes() > 1, "rows were written");
            assertEquals(0, store.evictedKeys(), "held rows are kept over the budget");
        }
        store.put(new FeatureKey("snapshot-2", "sha", "other"), "f".repeat(64), new float[2], 1, 2);
        assertEquals(3, store.evictedKeys(), "one folder per level, no longer held");

        SyntheticFeatureSource again = new SyntheticFeatureSource();
        try (BgadNormalRowsCache cache = new BgadNormalRowsCache(store, "snapshot-1", "sha", levels)) {
            new BgadDataPreparation(again, cache).prepareNormals(normals, spec, config, BgadProgressListener.NONE,
                    () -> false);
        }
        assertEquals(6, again.extractedImages, "evicted rows are extracted again");
    }

    /**
     * A second run on the same normals with the job's cache (FeatureStore on disk) extracts only the
     * statistics sample and trains on bit-identical rows; a refit on other normals misses the cache.
     */
    @Test
    void cachedNormalRowsSkipTheBackboneAndAreTheSameRows(@TempDir Path cacheDir) {
        List<NormalImage> normals = syntheticNormals(12);
        BgadConfig config = smallFlows(3);
        PreprocessingSpec spec = PreprocessingSpec.whole(SIZE);
        BgadNormalRowsCache cache = new BgadNormalRowsCache(new DiskFeatureStore(cacheDir), "snapshot-1", "sha",
                List.of("layer1", "layer2", "layer3"));

        SyntheticFeatureSource first = new SyntheticFeatureSource();
        NormalFeatures fresh = new BgadDataPreparation(first, cache).prepareNormals(normals, spec, config,
                BgadProgressListener.NONE, () -> false);
        SyntheticFeatureSource second = new SyntheticFeatureSource();
        NormalFeatures cached = new BgadDataPreparation(second, new BgadNormalRowsCache(new DiskFeatureStore(cacheDir),
                "snapshot-1", "sha", List.of("layer1", "layer2", "layer3"))).prepareNormals(normals, spec, config,
                BgadProgressListener.NONE, () -> false);

        assertEquals(12, first.extractedImages);
        assertEquals(3, second.extractedImages, "only the statistics sample");
        for (int i = 0; i < 12; i++) {
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(fresh.bank().levelRows(i, l), cached.bank().levelRows(i, l), "image " + i + " level " + l);
            }
        }

        // other normals -> other statistics -> other reductions: nothing is read from the cache
        SyntheticFeatureSource refit = new SyntheticFeatureSource();
        new BgadDataPreparation(refit, cache).prepareNormals(normals.subList(1, 12), spec, config,
                BgadProgressListener.NONE, () -> false);
        assertEquals(11, refit.extractedImages);
    }

    private static RgbImage brighter(RgbImage image) {
        byte[] rgb = image.rgb().clone();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) Math.min(255, (rgb[i] & 0xff) + 80);
        }
        return new RgbImage(image.width(), image.height(), rgb);
    }

    private static float maxAbs(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
