package dev.inspection.training.pipeline;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.Presets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Accuracy of BGAD jobs through the product pipeline (not a default test): an MVTec-layout dataset is
 * served by an in-test dataset service, features come over gRPC from an in-test feature service running
 * the shared trunk, {@link BgadJobPipeline} trains, exports, calibrates, evaluates (TEST split minus the
 * known anomalies) and registers; the stored metrics are printed. With {@code -Dbgad.job.simplenet=true}
 * a SimpleNet job ({@link SimpleNetJobPipeline}, cpu preset) runs on the same snapshot with the same
 * RESIZE_WHOLE preprocessing for comparison. Run from the repository root:
 * <pre>
 * export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456
 * nice -n 5 mvn -o -q -pl training-service -am test -Dtest=BgadJobBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbenchmark.excludedGroups=none -Dgroups=benchmark -Dbgad.job.benchmark=magnetic_tile \
 *     [-Dbgad.job.seeds=0,1,2] [-Dbgad.job.simplenet=true] [-Dbgad.job.overrides=steps=600;learning_rate=1e-3] \
 *     -DargLine=-Xmx6g
 * </pre>
 * Results go to stdout and {@code training-service/target/bgad-job-benchmark.txt}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgad.job.benchmark", matches = ".+")
class BgadJobBenchmark {

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
                for (String seedText : System.getProperty("bgad.job.seeds", "0").split(",")) {
                    if (seedText.isBlank()) {
                        continue; // -Dbgad.job.seeds= : only the SimpleNet comparison
                    }
                    long seed = Long.parseLong(seedText.trim());
                    SortedMap<String, String> config = Presets.resolveBgad("cpu", overrides(), seed);
                    JobRecord job = BgadJobRig.job(dataset + "-bgad", Method.BGAD, snapshot, config, null, seed);
                    report.add(runJob(dataset + " BGAD seed " + seed, () -> rig.bgadPipeline(4).run(job, recorder()),
                            rig, job.modelName()));
                }
                if (Boolean.getBoolean("bgad.job.simplenet")) {
                    long seed = 0;
                    SortedMap<String, String> config = Presets.resolve("cpu", Map.of(), seed);
                    Preprocessing whole = Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).build();
                    JobRecord job = BgadJobRig.job(dataset + "-simplenet", Method.SIMPLENET, snapshot, config, whole,
                            seed);
                    SimpleNetJobPipeline pipeline = new SimpleNetJobPipeline(rig.dataset, rig.features,
                            new SnapshotFeatures(rig.dataset, rig.features, new DiskFeatureStore(work.resolve("cache")), 8),
                            SimpleNetMethodTrainer::new, rig.registry, work.resolve("models/.work"),
                            java.time.Clock.systemUTC());
                    report.add(runJob(dataset + " SimpleNet RESIZE_WHOLE seed " + seed,
                            () -> pipeline.run(job, recorder()), rig, job.modelName()));
                }
            }
        }
        Path out = Path.of("target/bgad-job-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private interface Job {
        int run() throws Exception;
    }

    private static String runJob(String title, Job job, BgadJobRig rig, String model) throws Exception {
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
        return line;
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

    private static Map<String, String> overrides() {
        Map<String, String> m = new LinkedHashMap<>();
        String text = System.getProperty("bgad.job.overrides", "").trim();
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
