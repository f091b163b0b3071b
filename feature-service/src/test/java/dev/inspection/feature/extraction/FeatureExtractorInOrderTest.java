package dev.inspection.feature.extraction;

import dev.inspection.core.image.DecodeLimits;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.feature.backbone.BackboneManifest;
import dev.inspection.feature.backbone.BackboneSession;
import dev.inspection.feature.provisioning.SharedDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Batch extraction through the pipeline on the real trunk, at 64x64 to stay fast. */
class FeatureExtractorInOrderTest {

    private static FeatureExtractor extractor;
    private static PreprocessingSpec spec;
    private static List<byte[]> bottles;

    @BeforeAll
    static void load() throws Exception {
        Path shared = SharedDir.find().orElse(null);
        assumeTrue(shared != null, "../shared not found");
        BackboneManifest manifest = BackboneManifest.resnet50KerasImagenet(
                shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx"), "");
        extractor = new FeatureExtractor(new BackboneSession(manifest, 1, false, false), new ImageDecoder(DecodeLimits.DEFAULTS),
                new FeatureExtractor.BatchingLimits(8, TimeUnit.MILLISECONDS.toNanos(10), 16));
        spec = new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_CENTER_CROP, 72, 64, manifest.mean(), manifest.std());
        bottles = new ArrayList<>();
        for (String name : List.of("good/000.png", "broken_large/000.png", "contamination/000.png")) {
            bottles.add(Files.readAllBytes(shared.resolve("data/mvtec_ad/bottle/test").resolve(name)));
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (extractor != null) {
            extractor.close();
        }
    }

    private static ImageInput bottle(int index) {
        return new ImageInput.Encoded(bottles.get(index), "bottle-" + index);
    }

    @Test
    void resultsAreInRequestOrderAndBitIdenticalToSingleExtractions() throws Exception {
        List<Integer> encodedOrder = new ArrayList<>();
        List<ExtractionResult> batch = extractor.extractInOrder(bottles.size(), FeatureExtractorInOrderTest::bottle, spec,
                OutputSelection.patchEmbeddingsOnly(), () -> false, (i, result) -> {
                    encodedOrder.add(i);
                    return result;
                });
        assertEquals(List.of(0, 1, 2), encodedOrder);
        for (int i = 0; i < bottles.size(); i++) {
            ExtractionResult single = extractor.extract(bottle(i), spec, OutputSelection.patchEmbeddingsOnly(), () -> false);
            assertEquals(8 * 8 * 1536, batch.get(i).patchEmbeddings().length);
            assertArrayEquals(single.patchEmbeddings(), batch.get(i).patchEmbeddings(), "image " + i);
        }
    }

    @Test
    void aCorruptImageFailsTheBatchWithItsOwnError() {
        byte[] corrupt = bottles.get(1).clone();
        for (int i = 100; i < corrupt.length; i += 50) {
            corrupt[i] ^= 0x5a;
        }
        List<ImageInput> images = List.of(bottle(0), new ImageInput.Encoded(corrupt, "scratched.png"), bottle(2));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> extractor.extractInOrder(3, images::get,
                spec, OutputSelection.patchEmbeddingsOnly(), () -> false, (i, result) -> result));
        assertTrue(e.getMessage().contains("scratched.png"), e.getMessage());
        assertEquals(0, extractor.queued(), "the pipeline left images queued");
    }

    @Test
    void aDepartedCallerStopsTheBatchBeforeTheNextImage() {
        AtomicBoolean gone = new AtomicBoolean();
        List<Integer> encoded = new ArrayList<>();
        CancellationException e = assertThrows(CancellationException.class, () -> extractor.extractInOrder(3,
                FeatureExtractorInOrderTest::bottle, spec, OutputSelection.patchEmbeddingsOnly(), gone::get, (i, result) -> {
                    encoded.add(i);
                    gone.set(true);
                    return result;
                }));
        assertEquals(List.of(0), encoded);
        assertTrue(e.getMessage().contains("after 2 of 3"), e.getMessage());
    }
}
