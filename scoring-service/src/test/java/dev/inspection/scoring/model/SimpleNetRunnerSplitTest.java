package dev.inspection.scoring.model;

import ai.onnxruntime.OrtEnvironment;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import dev.inspection.core.tensor.RawTensorFiles;
import dev.inspection.scoring.testing.FeatureMaps;
import dev.inspection.scoring.testing.SharedDir;
import dev.inspection.scoring.testing.SimpleNetHeads;
import dev.inspection.scoring.testing.TestVersions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The level-split head (first layer on the layer3 grid for the layer3 half, then upsampled) scores the
 * golden bottle image like the exported head on the full patch embeddings, within 1e-4.
 */
class SimpleNetRunnerSplitTest {

    private static final SimpleNetHeads.Weights WEIGHTS =
            SimpleNetHeads.weights(7, SimpleNetHeads.EMBED_DIM, SimpleNetHeads.HIDDEN);

    @TempDir
    Path dir;

    private SimpleNetRunner runner(byte[] head, ModelManifest manifest) throws Exception {
        Path file = Files.write(dir.resolve("head-" + System.nanoTime() + ".onnx"), head);
        return new SimpleNetRunner(OrtEnvironment.getEnvironment(), file, manifest, 1);
    }

    private static ModelManifest manifest(boolean withLayers) {
        ModelManifest manifest = TestVersions.simpleNet("split", 1, new byte[0], "b", "s", TestVersions.calibration(0, 1, 0, 1))
                .manifest();
        return withLayers ? manifest : manifest.toBuilder().setBackbone(manifest.getBackbone().toBuilder().clearLayers()).build();
    }

    @Test
    void splitHeadScoresTheGoldenBottleLikeTheFullHead() throws Exception {
        Path golden = SharedDir.get().resolve("models/resnet50_keras_imagenet/golden");
        float[] layer2 = RawTensorFiles.readF32(golden.resolve("golden288.layer2.f32"), 512, 36, 36).data();
        float[] layer3 = RawTensorFiles.readF32(golden.resolve("golden288.layer3.f32"), 1024, 18, 18).data();
        PatchAggregator aggregator = PatchAggregator.forResNet50Input(288, 288);
        float[] embeddings = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layer2, 0, layer3, 0, embeddings, 0);
        byte[] head = SimpleNetHeads.onnx(WEIGHTS, SimpleNetHeads.EMBED_DIM, SimpleNetHeads.HIDDEN);

        try (SimpleNetRunner split = runner(head, manifest(true)); SimpleNetRunner full = runner(head, manifest(false))) {
            assertTrue(split.splitByLevel());
            assertFalse(full.splitByLevel());
            ExtractOptions.Builder options = ExtractOptions.newBuilder();
            split.requestFeatures(options);
            assertEquals(OutputKind.LEVEL_MAPS, options.getOutput());
            assertEquals(List.of("layer2", "layer3"), options.getLevelsList());

            float[] expected = full.scoreGrids(ExtractResponse.newBuilder()
                    .addFeatures(FeatureMaps.float32(SimpleNetRunner.PATCH_EMBEDDINGS, embeddings, 1296, 1536)).build())[0];
            float[] actual = split.scoreGrids(ExtractResponse.newBuilder()
                    .addFeatures(FeatureMaps.float32("layer2", layer2, 512, 36, 36))
                    .addFeatures(FeatureMaps.float32("layer3", layer3, 1024, 18, 18)).build())[0];
            assertEquals(1296, actual.length);
            double maxDiff = 0;
            double maxScore = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
                maxScore = Math.max(maxScore, Math.abs(expected[i]));
            }
            assertTrue(maxScore > 0.1, "scores should not be trivially small: " + maxScore);
            assertTrue(maxDiff <= 1e-4, "split head differs from the full head by " + maxDiff + " (scores up to " + maxScore + ")");
        }
    }

    @Test
    void otherGraphsAreServedOnPatchEmbeddings() throws Exception {
        // Same layers plus a Sigmoid: not the exporter's graph, so no split.
        OnnxGraphBuilder graph = new OnnxGraphBuilder("other");
        OnnxOps ops = new OnnxOps(graph);
        String x = graph.input("embeddings", OnnxDim.symbolic("N"), OnnxDim.fixed(SimpleNetHeads.EMBED_DIM));
        String h = ops.gemm("fc1", x, WEIGHTS.w1(), SimpleNetHeads.EMBED_DIM, SimpleNetHeads.HIDDEN, WEIGHTS.b1(), true);
        h = graph.op("Sigmoid").inputs(ops.leakyRelu(h, 0.2f)).add();
        String d = ops.gemm("fc2", h, WEIGHTS.w2(), SimpleNetHeads.HIDDEN, 1, null, true);
        graph.output(graph.op("Neg").inputs(d).outputs("patch_scores").add(), OnnxDim.symbolic("N"), OnnxDim.fixed(1));
        assertTrue(FoldedHeadWeights.read(graph.toBytes(), "embeddings", "patch_scores").isEmpty());
        try (SimpleNetRunner runner = runner(graph.toBytes(), manifest(true))) {
            assertFalse(runner.splitByLevel());
            ExtractOptions.Builder options = ExtractOptions.newBuilder();
            runner.requestFeatures(options);
            assertEquals(OutputKind.PATCH_EMBEDDINGS, options.getOutput());
        }
    }
}
