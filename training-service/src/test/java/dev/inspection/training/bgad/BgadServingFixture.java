package dev.inspection.training.bgad;

import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.BackboneRef;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.PostProcessing;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.postprocess.CalibrationFit;
import dev.inspection.core.postprocess.CalibrationFitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the BGAD version the scoring service's {@code BgadRunnerTest} serves (not a default test):
 * a tiny BGAD model trained on a few magnetic-tile images (RESIZE_WHOLE, 64-pixel input), its three
 * exported flows, its manifest, and the training-time (DJL) image score and map mean of one test
 * image that is not a known anomaly. Regenerate after a change to the flow export or the scoring formula:
 * <pre>
 * mvn -o -q -pl training-service -am test -Dtest=BgadServingFixture -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.excludedGroups=none -Dgroups=benchmark \
 *     -Dbgad.fixture.dir=$PWD/scoring-service/src/test/resources/bgad-magnetic-tile
 * </pre>
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgad.fixture.dir", matches = ".+")
class BgadServingFixture {

    static final List<String> LEVELS = List.of("layer1", "layer2", "layer3");
    /** The scored image, relative to the shared folder. */
    static final String SCORED_IMAGE = "data/magnetic_tile/test/blowhole/exp1_num_262480.jpg";

    @Test
    void write() throws IOException {
        Path out = Path.of(System.getProperty("bgad.fixture.dir"));
        Files.createDirectories(out);
        Path shared = SharedData.dir();
        Path trunk = shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
        Path root = shared.resolve("data/magnetic_tile");
        ImageDecoder decoder = new ImageDecoder();
        List<NormalImage> normals = new ArrayList<>();
        for (Path f : files(root.resolve("train/good"), 12)) {
            normals.add(new NormalImage(f.getFileName().toString(), decode(decoder, f)));
        }
        List<KnownAnomaly> known = new ArrayList<>();
        for (String type : List.of("break", "crack", "fray", "uneven")) {
            Path f = files(root.resolve("test").resolve(type), 1).get(0);
            String stem = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            RgbImage image = decode(decoder, f);
            RgbImage mask = decode(decoder, root.resolve("ground_truth").resolve(type).resolve(stem + "_mask.png"));
            byte[] binary = new byte[image.width() * image.height()];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) ((mask.rgb()[3 * i] & 0xff) > 127 ? 1 : 0);
            }
            known.add(new KnownAnomaly(type + "/" + f.getFileName(), type, image, binary));
        }
        BgadConfig config = BgadConfig.preset(BgadConfig.Preset.CPU).withOverrides(Map.ofEntries(
                Map.entry("input_size", "64"), Map.entry("reduced_channels", "8,8,16"), Map.entry("coupling_blocks", "2"),
                Map.entry("positional_dim", "16"), Map.entry("steps", "30"), Map.entry("rows_per_chunk", "128"),
                Map.entry("images_per_step", "4"), Map.entry("known_anomalies", "4"), Map.entry("pseudo_per_known", "2"),
                Map.entry("pseudo_entries", "2"), Map.entry("reference_images", "6"), Map.entry("statistics_images", "6")));
        try (OnnxTrunkFeatureSource source = new OnnxTrunkFeatureSource(trunk, 2, 8)) {
            BgadModel model = new BgadTrainer(source).train(normals, known, config, p -> { }, () -> false);
            PreprocessingSpec spec = model.preprocessing();
            if (spec.mode() != PreprocessingSpec.Mode.RESIZE_WHOLE) {
                throw new IllegalStateException("magnetic tiles must be resized whole, got " + spec);
            }
            AnomalyMapper mapper = model.mapper();
            BgadDataPreparation preparation = new BgadDataPreparation(source);
            NormalFeatures reductionOnly = new NormalFeatures(spec, model.rawShapes(), model.reductions(),
                    new FeatureBank(model.reducedShapes()), List.of(), List.of());
            // Training-time (DJL) scores: the calibration normals and the scored image.
            double[] normalScores = new double[normals.size()];
            List<float[]> normalMaps = new ArrayList<>();
            float[] scoredMap;
            try (FlowScorer scorer = model.newScorer()) {
                for (int i = 0; i < normals.size(); i++) {
                    float[] map = mapper.anomalyMap(scorer.logLikelihoods(reductionOnly.reduce(
                            source.extract(List.of(normals.get(i).image()), spec).get(0))));
                    normalScores[i] = AnomalyMapper.imageScore(map);
                    normalMaps.add(map);
                }
                RgbImage scored = decode(decoder, shared.resolve(SCORED_IMAGE));
                scoredMap = mapper.anomalyMap(scorer.logLikelihoods(
                        preparation.reducedLevels(reductionOnly, List.of(scored)).get(0)));
            }
            CalibrationFit fit = new CalibrationFitter().fit(normalScores, null, normalMaps);
            ModelManifest.Builder manifest = ModelManifest.newBuilder().setModelName("mt-bgad-fixture").setVersion(1)
                    .setMethod(Method.BGAD)
                    .setBackbone(BackboneRef.newBuilder().setId("resnet50_keras_imagenet").addAllLayers(LEVELS))
                    .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).setResizeSize(64)
                            .setCropSize(64).addAllMean(floats(spec.mean())).addAllStd(floats(spec.std())))
                    .setGridHeight(16).setGridWidth(16)
                    .setPostProcessing(PostProcessing.newBuilder().setMapSize(64).setBlurSigma(0).setAlignCorners(true))
                    .setCalibration(Calibration.newBuilder().setImageThreshold(fit.calibration().imageThreshold())
                            .setImageScale(fit.calibration().imageScale())
                            .setPixelThreshold(fit.calibration().pixelThreshold())
                            .setPixelScale(fit.calibration().pixelScale()).setRule(fit.rule()).setImages(fit.images())
                            .putAllConstants(mapper.constants(LEVELS)))
                    .putAllTrainingConfig(config.toMap()).addAllKnownAnomalyImageIds(model.knownAnomalyIds());
            for (int l = 0; l < LEVELS.size(); l++) {
                String file = "flow_" + LEVELS.get(l) + ".onnx";
                Files.write(out.resolve(file), model.exportLevelOnnx(l));
                manifest.addEmbeddingDims(model.reducedShapes().get(l).channels()).addArtifacts(ModelArtifact.newBuilder()
                        .setRole("flow." + LEVELS.get(l)).setFile(file).addInputs(BgadOnnxExporter.FEATURES)
                        .addInputs(BgadOnnxExporter.POSITIONS).addOutputs(BgadOnnxExporter.LOGP));
            }
            Files.writeString(out.resolve("manifest.json"), JsonFormat.printer().print(manifest.build()),
                    StandardCharsets.UTF_8);
            double mean = 0;
            for (float v : scoredMap) {
                mean += v;
            }
            mean /= scoredMap.length;
            Files.writeString(out.resolve("expected.properties"), String.format(Locale.ROOT,
                    "# Training-time (DJL) scoring of one magnetic-tile test image by BgadServingFixture%n"
                            + "image=%s%nimage_score=%.9g%nmap_mean=%.9g%n", SCORED_IMAGE,
                    AnomalyMapper.imageScore(scoredMap), mean), StandardCharsets.UTF_8);
        }
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Path> files(Path folder, int count) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().limit(count).toList();
        }
    }

    private static RgbImage decode(ImageDecoder decoder, Path f) throws IOException {
        return decoder.decode(Files.readAllBytes(f), f.toString());
    }
}
