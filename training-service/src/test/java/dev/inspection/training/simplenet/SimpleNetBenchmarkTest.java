package dev.inspection.training.simplenet;

import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.training.evaluation.HeadEvaluation;
import dev.inspection.training.evaluation.OnnxHeadScorer;
import dev.inspection.training.features.OnnxBackboneFeatureSource;
import dev.inspection.training.features.SharedData;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.pipeline.DiskFeatureStore;
import dev.inspection.training.pipeline.FeatureKey;
import dev.inspection.training.pipeline.FeatureRows;
import dev.inspection.training.pipeline.FeatureStore;
import dev.inspection.training.pipeline.MethodTrainer;
import dev.inspection.training.pipeline.SimpleNetMethodTrainer;
import dev.inspection.training.pipeline.SnapshotFeatures;
import dev.inspection.training.pipeline.ValidationCarve;
import dev.inspection.training.registry.VersionFolders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy benchmark (not part of the default build) through the job pipeline's own steps, minus
 * gRPC: images are identified by the SHA-256 of their bytes as the dataset service does, so the
 * validation carve ({@link ValidationCarve}, {@code validationFraction} of train/good) holds out the
 * same images as a job on the imported dataset; features come from the in-process ONNX backbone into
 * the job's {@link DiskFeatureStore}; {@link SimpleNetMethodTrainer} trains with the preset resolved
 * by {@link Presets}; the exported {@code head.onnx} is scored on ONNX Runtime through
 * {@link HeadEvaluation} (the serving post-processing) for calibration and for the test metrics that
 * a job stores with its version (image/pixel AUROC, PRO to FPR 0.3, F1-max). Last-step model, no
 * test-set selection.
 *
 * <pre>
 * nice -n 5 mvn -o -pl training-service -am test -Dtest=SimpleNetBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.excludedGroups=none -Dgroups=benchmark \
 *     [-Dsimplenet.benchmark.datasets=bottle,magnetic_tile] [-Dsimplenet.benchmark.seeds=0,1,2] \
 *     [-Dsimplenet.benchmark.cacheDir=/tmp/inspection-feature-store] [-Dsimplenet.benchmark.overrides=steps=10,...]
 * </pre>
 * Results go to stdout and {@code target/simplenet-benchmark/results.md}. The bottle bar (cpu preset,
 * every seed, no overrides): image AUROC >= 0.995 and pixel AUROC >= 0.975.
 */
@Tag("benchmark")
class SimpleNetBenchmarkTest {

    private static final String HEADER = "| dataset | seed | train images | held out | steps | sigma | I-AUROC | P-AUROC "
            + "| PRO@0.3 | I-F1max | P-F1max | acc@calib | extracted | extract s | train s | calib+test s "
            + "| process CPU s |";

    private record TestImage(String path, boolean anomalous, String defectType, String maskPath) {
    }

    @Test
    void benchmark() throws Exception {
        String[] datasets = System.getProperty("simplenet.benchmark.datasets", "bottle,magnetic_tile").split(",");
        String[] seeds = System.getProperty("simplenet.benchmark.seeds", "0,1,2").split(",");
        Path storeDir = Path.of(System.getProperty("simplenet.benchmark.cacheDir",
                Path.of(System.getProperty("java.io.tmpdir"), "inspection-feature-store").toString()));
        Path out = Path.of("target/simplenet-benchmark");
        Files.createDirectories(out);
        List<String> failures = new ArrayList<>();
        for (String dataset : datasets) {
            for (String seed : seeds) {
                String line = run(dataset.trim(), Long.parseLong(seed.trim()), storeDir, out, failures);
                System.out.println(HEADER);
                System.out.println(line);
                Files.writeString(out.resolve("results.md"), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        assertTrue(failures.isEmpty(), "below the bar: " + failures);
    }

    private String run(String dataset, long seed, Path storeDir, Path out, List<String> failures) throws Exception {
        Path root = SharedData.root().resolve(dataset.equals("bottle") ? "data/mvtec_ad/bottle" : "data/" + dataset);
        Map<String, Path> files = new HashMap<>();
        List<String> train = new ArrayList<>();
        for (String path : listImages(root, "train/good")) {
            train.add(register(root, path, files));
        }
        List<TestImage> test = listTest(root);
        List<String> testIds = new ArrayList<>();
        for (TestImage image : test) {
            testIds.add(register(root, image.path(), files));
        }
        Map<String, String> overrides = parseOverrides(System.getProperty("simplenet.benchmark.overrides", ""));
        SortedMap<String, String> config = Presets.resolve(Presets.CPU, overrides, seed);
        ValidationCarve.Split<String> carve = ValidationCarve.carve(train, id -> id,
                Double.parseDouble(config.get(Presets.VALIDATION_FRACTION)));
        CancellationToken never = CancellationToken.never("benchmark");
        PreprocessingSpec spec = PreprocessingSpec.simpleNet();
        int mapSize = spec.cropSize();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (OnnxBackboneFeatureSource source = new OnnxBackboneFeatureSource(SharedData.trunkModel(), spec,
                id -> Files.readAllBytes(files.get(id)), 0)) {
            FeatureStore store = new DiskFeatureStore(storeDir);
            FeatureKey key = FeatureKey.of("shared-data:" + dataset, source);
            int[] extracted = new int[1];
            List<String> all = new ArrayList<>(train);
            all.addAll(testIds);
            store.fill(key, all, source, (done, total, id) -> {
                extracted[0] = done;
                if (done % 50 == 0 || done == total) {
                    System.out.printf(Locale.ROOT, "[%s] extracted %d/%d (%.0f s)%n", dataset, done, total,
                            (System.nanoTime() - t0) / 1e9);
                }
            });
            int rows = source.patchesPerImage();
            int dim = source.featureDim();
            int grid = source.gridHeight();
            double extractSeconds = (System.nanoTime() - t0) / 1e9;

            long tTrain = System.nanoTime();
            MethodTrainer.TrainedHead head = new SimpleNetMethodTrainer().train(
                    store.rows(key, carve.train(), rows, dim), config, seed, step -> {
                        if (step.step() % 100 == 0) {
                            System.out.printf(Locale.ROOT, "[%s seed %d] step %d/%d loss %.4f D(normal) %.3f "
                                            + "D(noisy) %.3f (%.0f s)%n", dataset, seed, step.step(), step.steps(),
                                    step.loss(), step.meanDNormal(), step.meanDNoisy(),
                                    (System.nanoTime() - tTrain) / 1e9);
                        }
                    }, never);
            double trainSeconds = (System.nanoTime() - tTrain) / 1e9;

            long tEval = System.nanoTime();
            Path exportDir = Files.createTempDirectory(out, "export-");
            Metrics metrics;
            Calibration calibration;
            try (head) {
                List<MethodTrainer.Artifact> artifacts = head.exportOnnx(exportDir);
                try (OnnxHeadScorer scorer = new OnnxHeadScorer(exportDir.resolve(artifacts.get(0).file()))) {
                    HeadEvaluation evaluation = new HeadEvaluation(scorer, PostProcessingConfig.simpleNet(mapSize), grid);
                    calibration = HeadEvaluation.toProto(HeadEvaluation.calibrate(evaluation.score(
                            store.rows(key, carve.validation(), rows, dim), never, i -> { })),
                            head.calibrationConstants());
                    FeatureRows testRows = store.rows(key, testIds, rows, dim);
                    metrics = evaluation.metrics(members(test, testIds, spec), evaluation.score(testRows, never,
                            i -> { }), calibration.getImageThreshold(), key.snapshotId());
                }
            } finally {
                VersionFolders.deleteQuietly(exportDir);
            }
            double evalSeconds = (System.nanoTime() - tEval) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;

            String line = String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %.1f | %.1f | %.1f "
                            + "| %.1f |",
                    dataset, seed, carve.train().size(), carve.validation().size(), config.get("steps"),
                    calibration.getConstantsOrDefault("noise_std", Double.NaN), metrics.getImageAuroc(),
                    metrics.getPixelAuroc(), metrics.getPro(), metrics.getImageF1Max(), metrics.getPixelF1Max(),
                    metrics.getImageAccuracyAtThreshold(), extracted[0], extractSeconds, trainSeconds, evalSeconds,
                    cpuSeconds);
            boolean cpuRecipe = overrides.isEmpty(); // the bar applies to the unchanged cpu preset
            if (cpuRecipe && dataset.equals("bottle") && (metrics.getImageAuroc() < 0.995
                    || metrics.getPixelAuroc() < 0.975)) {
                failures.add(line);
            }
            metrics.getPerDefectTypeMap().forEach((type, m) -> System.out.printf(Locale.ROOT,
                    "[%s seed %d] %-14s image AUROC %.4f pixel AUROC %.4f PRO %.4f%n", dataset, seed, type,
                    m.getImageAuroc(), m.getPixelAuroc(), m.getPro()));
            return line;
        }
    }

    /** Test images as the snapshot members a job evaluates: label, defect type, mask aligned like the image. */
    private static List<SnapshotFeatures.Member> members(List<TestImage> test, List<String> ids, PreprocessingSpec spec)
            throws IOException {
        Preprocessor aligner = new Preprocessor(spec);
        ImageDecoder decoder = new ImageDecoder();
        List<SnapshotFeatures.Member> out = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            TestImage image = test.get(i);
            byte[] mask = image.maskPath() == null ? null : aligner.preprocessEncodedMask(decoder,
                    Files.readAllBytes(Path.of(image.maskPath())), image.maskPath());
            out.add(new SnapshotFeatures.Member(ids.get(i), Split.TEST,
                    image.anomalous() ? Label.ANOMALOUS : Label.NORMAL, image.defectType(), mask));
        }
        return out;
    }

    /** The image's id as the dataset service gives it (SHA-256 of the bytes); remembers its file. */
    private static String register(Path root, String relative, Map<String, Path> files) throws IOException {
        Path file = root.resolve(relative);
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            files.put(id, file);
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code key=value,key=value} config overrides (e.g. a short smoke run with {@code steps=10}). */
    private static Map<String, String> parseOverrides(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + pair + "' is not key=value");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static List<String> listImages(Path root, String folder) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(folder))) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<TestImage> listTest(Path root) throws IOException {
        List<TestImage> out = new ArrayList<>();
        List<String> types;
        try (Stream<Path> dirs = Files.list(root.resolve("test"))) {
            types = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String type : types) {
            for (String path : listImages(root, "test/" + type)) {
                boolean anomalous = !type.equals("good");
                String stem = Path.of(path).getFileName().toString().replaceFirst("\\.[^.]+$", "");
                String mask = anomalous ? root.resolve("ground_truth/" + type + "/" + stem + "_mask.png").toString()
                        : null;
                out.add(new TestImage(path, anomalous, anomalous ? type : null, mask));
            }
        }
        return out;
    }
}
