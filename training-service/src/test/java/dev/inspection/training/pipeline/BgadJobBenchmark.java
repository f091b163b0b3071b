package dev.inspection.training.pipeline;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.registry.VersionFolders;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Accuracy of BGAD jobs through the product pipeline (not a default test): an MVTec-layout dataset is
 * served by an in-test dataset service, features come over gRPC from an in-test feature service running
 * the shared trunk, {@link BgadJobPipeline} trains, exports, calibrates, evaluates (TEST split minus the
 * known anomalies) and registers; the stored metrics are printed. With {@code -Dbgad.job.simplenet=true}
 * SimpleNet jobs ({@link SimpleNetJobPipeline}, cpu preset, seeds {@code bgad.job.simplenet.seeds},
 * default 0) run on the same snapshot with the preprocessing the BGAD versions registered (for magnetic
 * tile RESIZE_WHOLE at the BGAD input size, 256 by default; without BGAD seeds RESIZE_WHOLE at that
 * size); each is also measured on every BGAD version's evaluation set
 * ({@link BgadSimpleNetComparison}) and a COMPARE line per BGAD seed gives BGAD - SimpleNet on the same
 * images (SimpleNet of the same seed when it ran, else the mean of the SimpleNet seeds). Run from the
 * repository root:
 * <pre>
 * export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456
 * nice -n 5 mvn -o -q -pl training-service -am test -Dtest=BgadJobBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.excludedGroups=none -Dgroups=benchmark -Dbgad.job.benchmark=magnetic_tile \
 *     [-Dbgad.job.seeds=0,1,2] [-Dbgad.job.simplenet=true] [-Dbgad.job.simplenet.seeds=0,1,2] \
 *     [-Dbgad.job.overrides=steps=600;learning_rate=1e-3] [-Dbgad.job.simplenet.overrides=steps=1000] -DargLine=-Xmx6g
 * </pre>
 * {@code -Dbgad.job.seeds=} (empty) runs only SimpleNet. Results go to stdout and
 * {@code training-service/target/bgad-job-benchmark.txt}; the temporary folder (registry, SimpleNet
 * feature cache: ~4 GB for magnetic tile) is removed at the end.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgad.job.benchmark", matches = ".+")
class BgadJobBenchmark {

    /** A BGAD version's evaluation: its registered metrics and the images it left out. */
    private record BgadResult(long seed, Metrics metrics, Set<String> knownAnomalyIds, Preprocessing preprocessing) {
    }

    /** A SimpleNet version: registered metrics (whole TEST split) and per BGAD seed those on BGAD's images. */
    private record SimpleNetResult(long seed, Metrics all, Map<Long, Metrics> onBgadSets) {
    }

    @Test
    void run() throws Exception {
        Path shared = dev.inspection.training.bgad.SharedData.dir();
        Path trunk = shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
        List<String> report = new ArrayList<>();
        for (String name : System.getProperty("bgad.job.benchmark").split(",")) {
            String dataset = name.trim();
            Path root = dataset.equals("bottle") ? shared.resolve("data/mvtec_ad/bottle") : shared.resolve("data/" + dataset);
            Path work = Files.createTempDirectory("bgad-job-benchmark");
            try (BgadJobRig rig = new BgadJobRig(RecordDatasetService.mvtecFolder(root, 0), trunk,
                    Integer.getInteger("bgad.job.threads", 2), work.resolve("models"))) {
                String snapshot = rig.dataset.createSnapshot(RecordDatasetService.DATASET_ID, "benchmark").getId();
                List<BgadResult> bgad = new ArrayList<>();
                for (long seed : seeds("bgad.job.seeds")) {
                    SortedMap<String, String> config = Presets.resolveBgad("cpu", overrides("bgad.job.overrides"), seed);
                    JobRecord job = BgadJobRig.job(dataset + "-bgad", Method.BGAD, snapshot, config, null, seed);
                    ModelManifest manifest = runJob(dataset + " BGAD seed " + seed,
                            () -> rig.bgadPipeline(4).run(job, recorder()), rig, job.modelName(), report);
                    bgad.add(new BgadResult(seed, manifest.getMetrics(),
                            Set.copyOf(manifest.getKnownAnomalyImageIdsList()), manifest.getPreprocessing()));
                }
                if (Boolean.getBoolean("bgad.job.simplenet")) {
                    Preprocessing preprocessing = bgadPreprocessing(bgad);
                    List<SimpleNetResult> simpleNet = runSimpleNet(dataset, rig, snapshot, preprocessing, bgad,
                            work, report);
                    compare(dataset, describe(preprocessing), bgad, simpleNet, report);
                }
            } finally {
                VersionFolders.deleteQuietly(work);
            }
        }
        Path out = Path.of("target/bgad-job-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    /**
     * The preprocessing the BGAD versions registered (the job's choice: RESIZE_WHOLE at the input size
     * for elongated images such as magnetic tiles); without BGAD runs RESIZE_WHOLE at the BGAD input size.
     */
    private static Preprocessing bgadPreprocessing(List<BgadResult> bgad) {
        if (bgad.isEmpty()) {
            int inputSize = Presets.bgadConfig(Presets.resolveBgad("cpu", overrides("bgad.job.overrides"), 0)).inputSize();
            return Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).setCropSize(inputSize).build();
        }
        Preprocessing first = bgad.get(0).preprocessing();
        if (bgad.stream().anyMatch(b -> !b.preprocessing().equals(first))) {
            throw new IllegalStateException("BGAD versions of one snapshot registered different preprocessings: "
                    + bgad.stream().map(b -> describe(b.preprocessing())).toList());
        }
        return first;
    }

    private static String describe(Preprocessing p) {
        return p.getMode() + " " + (p.getMode() == ResizeMode.RESIZE_WHOLE ? "" : p.getResizeSize() + "/") + p.getCropSize();
    }

    /** SimpleNet jobs with the BGAD preprocessing, each measured on every BGAD evaluation set. */
    private static List<SimpleNetResult> runSimpleNet(String dataset, BgadJobRig rig, String snapshot,
                                                      Preprocessing preprocessing, List<BgadResult> bgad, Path work,
                                                      List<String> report)
            throws Exception {
        SnapshotFeatures features = new SnapshotFeatures(rig.dataset, rig.features,
                new DiskFeatureStore(work.resolve("cache")), 8);
        SimpleNetJobPipeline pipeline = new SimpleNetJobPipeline(rig.dataset, rig.features, features,
                SimpleNetMethodTrainer::new, rig.registry, work.resolve("models/.work"), java.time.Clock.systemUTC());
        List<SimpleNetResult> out = new ArrayList<>();
        for (long seed : seeds("bgad.job.simplenet.seeds")) {
            SortedMap<String, String> config = Presets.resolve("cpu", overrides("bgad.job.simplenet.overrides"), seed);
            JobRecord job = BgadJobRig.job(dataset + "-simplenet", Method.SIMPLENET, snapshot, config, preprocessing,
                    seed);
            String title = dataset + " SimpleNet " + describe(preprocessing) + " seed " + seed;
            ModelManifest manifest = runJob(title, () -> pipeline.run(job, recorder()), rig, job.modelName(), report);
            BgadSimpleNetComparison scores = BgadSimpleNetComparison.score(rig.registry, job.modelName(),
                    manifest.getVersion(), features, rig.features.backbone(manifest.getBackbone().getId())).check();
            Map<Long, Metrics> onBgadSets = new LinkedHashMap<>();
            for (BgadResult b : bgad) {
                Metrics m = scores.without(b.knownAnomalyIds());
                onBgadSets.put(b.seed(), m);
                String line = String.format(Locale.ROOT, "RESULT %s on BGAD seed %d's evaluation set: I-AUROC %.4f "
                                + "P-AUROC %.4f PRO %.4f image F1-max %.4f | %d test images (%d anomalous)", title, b.seed(),
                        m.getImageAuroc(), m.getPixelAuroc(), m.getPro(), m.getImageF1Max(), m.getImages(),
                        m.getAnomalousImages());
                log(line);
                report.add(line);
            }
            out.add(new SimpleNetResult(seed, manifest.getMetrics(), onBgadSets));
        }
        return out;
    }

    /**
     * One line per BGAD seed: BGAD - SimpleNet on BGAD's evaluation set, against SimpleNet of the same
     * seed when it ran, else against the mean of the SimpleNet seeds; then the means over the BGAD seeds.
     */
    private static void compare(String dataset, String preprocessing, List<BgadResult> bgad,
                                List<SimpleNetResult> simpleNet, List<String> report) {
        if (bgad.isEmpty() || simpleNet.isEmpty()) {
            return;
        }
        double[] sums = new double[4];
        for (BgadResult b : bgad) {
            List<SimpleNetResult> against = simpleNet.stream().filter(s -> s.seed() == b.seed()).toList();
            if (against.isEmpty()) {
                against = simpleNet;
            }
            double snImage = against.stream().mapToDouble(s -> s.onBgadSets().get(b.seed()).getImageAuroc()).average()
                    .orElseThrow();
            double snPro = against.stream().mapToDouble(s -> s.onBgadSets().get(b.seed()).getPro()).average().orElseThrow();
            double snAll = against.stream().mapToDouble(s -> s.all().getImageAuroc()).average().orElseThrow();
            String which = against.size() == 1 ? "SimpleNet seed " + against.get(0).seed()
                    : "SimpleNet mean of seeds " + against.stream().map(s -> Long.toString(s.seed())).toList();
            String line = String.format(Locale.ROOT, "COMPARE %s seed %d (both %s, the %d images BGAD "
                            + "evaluates): image AUROC BGAD %.4f - %s %.4f = %+.4f (issue bar +0.05: %s); PRO %.4f - %.4f "
                            + "= %+.4f; SimpleNet on all %d test images %.4f", dataset, b.seed(), preprocessing,
                    b.metrics().getImages(), b.metrics().getImageAuroc(), which, snImage,
                    b.metrics().getImageAuroc() - snImage, b.metrics().getImageAuroc() - snImage >= 0.05 ? "met" : "not met",
                    b.metrics().getPro(), snPro, b.metrics().getPro() - snPro, against.get(0).all().getImages(), snAll);
            log(line);
            report.add(line);
            sums[0] += b.metrics().getImageAuroc();
            sums[1] += snImage;
            sums[2] += b.metrics().getPro();
            sums[3] += snPro;
        }
        int n = bgad.size();
        String line = String.format(Locale.ROOT, "COMPARE %s mean over BGAD seeds %s: image AUROC BGAD %.4f - SimpleNet "
                        + "%.4f = %+.4f (issue bar +0.05: %s); PRO %.4f - %.4f = %+.4f", dataset,
                bgad.stream().map(b -> Long.toString(b.seed())).toList(), sums[0] / n, sums[1] / n,
                (sums[0] - sums[1]) / n, (sums[0] - sums[1]) / n >= 0.05 ? "met" : "not met", sums[2] / n, sums[3] / n,
                (sums[2] - sums[3]) / n);
        log(line);
        report.add(line);
    }

    /** Seeds listed in a property ("0,1,2"; default "0"; empty = none). */
    private static List<Long> seeds(String property) {
        return Arrays.stream(System.getProperty(property, "0").split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(Long::parseLong).toList();
    }

    private interface Job {
        int run() throws Exception;
    }

    /** Runs a job, logs and reports its registered metrics and timings; returns the version's manifest. */
    private static ModelManifest runJob(String title, Job job, BgadJobRig rig, String model, List<String> report)
            throws Exception {
        long wall = System.nanoTime();
        long cpu = processCpuNanos();
        int version = job.run();
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        ModelManifest manifest = rig.registry.get(model, version).getManifest();
        Metrics m = manifest.getMetrics();
        String line = String.format(Locale.ROOT, "RESULT %s: version %d, I-AUROC %.4f P-AUROC %.4f PRO %.4f "
                        + "image F1-max %.4f pixel F1-max %.4f | %d test images (%d anomalous), known anomalies %d, "
                        + "preprocessing %s %d | wall %.0f s, process CPU %.0f s | per type %s",
                title, version, m.getImageAuroc(), m.getPixelAuroc(), m.getPro(), m.getImageF1Max(), m.getPixelF1Max(),
                m.getImages(), m.getAnomalousImages(), manifest.getKnownAnomalyImageIdsCount(),
                manifest.getPreprocessing().getMode(), manifest.getPreprocessing().getCropSize(), wallSeconds, cpuSeconds,
                perType(m));
        log(line);
        report.add(line);
        return manifest;
    }

    private static String perType(Metrics m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.getPerDefectTypeMap().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(),
                String.format(Locale.ROOT, "%.3f/%.3f", e.getValue().getImageAuroc(), e.getValue().getPro())));
        return out.toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** "key=value;key=value" from a property (BGAD or SimpleNet config keys). */
    private static Map<String, String> overrides(String property) {
        Map<String, String> m = new LinkedHashMap<>();
        String text = System.getProperty(property, "").trim();
        if (!text.isEmpty()) {
            for (String kv : text.split(";")) {
                String[] parts = kv.split("=", 2);
                m.put(parts[0].trim(), parts[1].trim());
            }
        }
        return m;
    }

    private static BgadJobRig.Recorder recorder() {
        return new BgadJobRig.Recorder(BgadJobBenchmark::log, step -> {
            if (step.step() % 50 == 0 || step.step() == step.steps()) {
                log(String.format(Locale.ROOT, "step %d/%d epoch %d loss %.4f", step.step(), step.steps(),
                        step.epoch(), step.loss()));
            }
        });
    }

    private static void log(String s) {
        System.out.println("[bgad-job " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }
}
