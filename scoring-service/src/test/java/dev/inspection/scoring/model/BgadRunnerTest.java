package dev.inspection.scoring.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.bgad.PositionalEncoding;
import dev.inspection.core.features.LevelMaps;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.scoring.testing.SharedDir;
import java.io.Reader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Serves the BGAD version in {@code src/test/resources/bgad-magnetic-tile} (written by the training
 * service's {@code BgadServingFixture}: three exported level flows, manifest, and the training-time
 * DJL score of one magnetic-tile test image) and checks that the runner plus the shared post-processing
 * give the training-time image score and map on that image's level maps from the shared trunk.
 */
class BgadRunnerTest {

    private static final Path FIXTURE = Path.of("src/test/resources/bgad-magnetic-tile");
    private static final List<String> LEVELS = List.of("layer1", "layer2", "layer3");

    private static ModelManifest manifest;
    private static BgadRunner runner;
    private static Properties expected;
    private static ExtractResponse levels;

    @BeforeAll
    static void load() throws Exception {
        ModelManifest.Builder b = ModelManifest.newBuilder();
        try (Reader r = Files.newBufferedReader(FIXTURE.resolve("manifest.json"), StandardCharsets.UTF_8)) {
            JsonFormat.parser().merge(r, b);
        }
        manifest = b.build();
        expected = new Properties();
        try (Reader r = Files.newBufferedReader(FIXTURE.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            expected.load(r);
        }
        runner = new BgadRunner(OrtEnvironment.getEnvironment(), flowFiles(manifest), manifest, 1);
        levels = trunkLevels(SharedDir.get().resolve(expected.getProperty("image")), DType.FLOAT32);
    }

    @AfterAll
    static void close() {
        if (runner != null) {
            runner.close();
        }
    }

    private static List<Path> flowFiles(ModelManifest m) {
        List<Path> files = new ArrayList<>();
        for (String layer : m.getBackbone().getLayersList()) {
            ModelArtifact a = m.getArtifactsList().stream().filter(x -> x.getRole().equals("flow." + layer))
                    .findFirst().orElseThrow();
            files.add(FIXTURE.resolve(a.getFile()));
        }
        return files;
    }

    /** What the feature service answers for LEVEL_MAPS: the trunk on the image preprocessed like the manifest says. */
    private static ExtractResponse trunkLevels(Path image, DType dtype) throws Exception {
        int size = manifest.getPreprocessing().getCropSize();
        Preprocessor preprocessor = new Preprocessor(PreprocessingSpec.whole(size));
        float[] input = preprocessor.preprocess(new ImageDecoder().decode(Files.readAllBytes(image), image.toString()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ExtractResponse.Builder response = ExtractResponse.newBuilder();
        try (OrtSession trunk = env.createSession(SharedDir.trunkOnnx().toString(), new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, size, size});
             OrtSession.Result result = trunk.run(Map.of("image", tensor), Set.copyOf(LEVELS))) {
            for (String name : LEVELS) {
                OnnxTensor out = (OnnxTensor) result.get(name).orElseThrow();
                long[] shape = out.getInfo().getShape();
                FloatBuffer fb = out.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                byte[] bytes = dtype == DType.FLOAT16 ? Float16.encode(values) : LittleEndian.toBytes(values);
                response.addFeatures(FeatureMap.newBuilder().setName(name).setTensor(Tensor.newBuilder()
                        .addShape((int) shape[1]).addShape((int) shape[2]).addShape((int) shape[3]).setDtype(dtype)
                        .setData(ByteString.copyFrom(bytes))));
            }
        }
        return response.build();
    }

    private static double[] score(ExtractResponse features) {
        AnomalyMapPipeline pipeline = runner.pipeline();
        float[] map = new float[pipeline.mapPixels()];
        double image = pipeline.computeMap(runner.scoreGrids(features), map, new AnomalyMapPipeline.Workspace());
        double mean = 0;
        for (float v : map) {
            mean += v;
        }
        return new double[] {image, mean / map.length};
    }

    @Test
    void servedScoreIsTheTrainingTimeScore() {
        double[] served = score(levels);
        assertEquals(Double.parseDouble(expected.getProperty("image_score")), served[0], 1e-4);
        assertEquals(Double.parseDouble(expected.getProperty("map_mean")), served[1], 1e-4);
        assertEquals(64 * 64, runner.pipeline().mapPixels());
        assertTrue(runner.pipeline().config().alignCorners());
    }

    /**
     * The runner decodes and transposes straight into pooled direct buffers with pinned outputs; it must
     * give exactly what a plain ONNX Runtime run on copied arrays gives, on a fresh and on a reused lane,
     * also for requests running at the same time.
     */
    @Test
    void zeroCopyPathGivesExactlyThePlainOnnxRuntimeResult() throws Exception {
        float[][] reference = plainGrids(levels);
        for (int round = 0; round < 2; round++) {
            float[][] served = runner.scoreGrids(levels);
            for (int l = 0; l < reference.length; l++) {
                assertArrayEquals(reference[l], served[l], LEVELS.get(l) + " round " + round);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[][]>> concurrent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                concurrent.add(pool.submit(() -> runner.scoreGrids(levels)));
            }
            for (Future<float[][]> f : concurrent) {
                float[][] served = f.get(60, TimeUnit.SECONDS);
                for (int l = 0; l < reference.length; l++) {
                    assertArrayEquals(reference[l], served[l], LEVELS.get(l) + " concurrent");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Likelihood grids the straightforward way: float arrays, heap buffers copied by ONNX Runtime. */
    private static float[][] plainGrids(ExtractResponse features) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Path> files = flowFiles(manifest);
        float[][] logp = new float[LEVELS.size()][];
        int[][] shapes = new int[LEVELS.size()][];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            for (int l = 0; l < LEVELS.size(); l++) {
                Tensor t = features.getFeatures(l).getTensor();
                int c = (int) t.getShape(0);
                int h = (int) t.getShape(1);
                int w = (int) t.getShape(2);
                shapes[l] = new int[] {h, w};
                float[] chw = LittleEndian.toFloats(t.getData().toByteArray());
                float[] rows = new float[chw.length];
                LevelMaps.toPositionRows(chw, 0, c, h, w, rows, 0);
                try (OrtSession session = env.createSession(files.get(l).toString(), options)) {
                    int dim = (int) ((ai.onnxruntime.TensorInfo) session.getInputInfo().get("positions").getInfo())
                            .getShape()[1];
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {h * w, c});
                         OnnxTensor p = OnnxTensor.createTensor(env, FloatBuffer.wrap(PositionalEncoding.table(h, w, dim)),
                                 new long[] {h * w, dim});
                         OrtSession.Result result = session.run(Map.of("features", x, "positions", p))) {
                        FloatBuffer out = ((OnnxTensor) result.get("logp").orElseThrow()).getFloatBuffer();
                        logp[l] = new float[out.remaining()];
                        out.get(logp[l]);
                    }
                }
            }
        }
        return AnomalyMapper.fromConstants(manifest.getCalibration().getConstantsMap(), LEVELS, shapes,
                manifest.getPostProcessing().getMapSize()).likelihoodGrids(logp);
    }

    @Test
    void float16LevelMapsScoreCloseToFloat32() throws Exception {
        double[] half = score(trunkLevels(SharedDir.get().resolve(expected.getProperty("image")), DType.FLOAT16));
        assertEquals(Double.parseDouble(expected.getProperty("image_score")), half[0], 5e-2);
    }

    @Test
    void asksForTheManifestsLevelMaps() {
        ExtractOptions.Builder options = ExtractOptions.newBuilder().setOutput(OutputKind.PATCH_EMBEDDINGS);
        runner.requestFeatures(options);
        assertEquals(OutputKind.LEVEL_MAPS, options.getOutput());
        assertEquals(LEVELS, options.getLevelsList());
    }

    @Test
    void featuresThatDoNotFitAreRejectedNamingTheLevel() {
        ExtractResponse missing = levels.toBuilder().removeFeatures(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.scoreGrids(missing));
        assertTrue(e.getMessage().contains("layer2"), e.getMessage());
        ExtractResponse wrongShape = levels.toBuilder().setFeatures(2, levels.getFeatures(2).toBuilder()
                .setTensor(levels.getFeatures(2).getTensor().toBuilder().setShape(1, 8))).build();
        e = assertThrows(IllegalArgumentException.class, () -> runner.scoreGrids(wrongShape));
        assertTrue(e.getMessage().contains("layer3"), e.getMessage());
    }

    @Test
    void manifestWithoutTheFrozenConstantsIsRefused() {
        ModelManifest noConstants = manifest.toBuilder().setCalibration(manifest.getCalibration().toBuilder()
                .removeConstants("map_max")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BgadRunner(OrtEnvironment.getEnvironment(), flowFiles(manifest), noConstants, 1));
        assertTrue(e.getMessage().contains("map_max"), e.getMessage());
    }
}
