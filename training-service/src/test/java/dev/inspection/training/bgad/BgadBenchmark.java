package dev.inspection.training.bgad;

import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.training.evaluation.HeadEvaluation;
import dev.inspection.training.pipeline.BgadSnapshotImages;
import dev.inspection.training.pipeline.RecordDatasetService;
import dev.inspection.training.pipeline.SnapshotFeatures;
import dev.inspection.training.pipeline.ValidationCarve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Accuracy benchmark on the shared datasets (not a default test). Run from the repository root
 * (the MALLOC_* settings keep glibc from mmap-ing every large libtorch temporary afresh, as
 * shared/reference/bgad_ref.py does; the measured runs used them, on a then quieter machine, so their
 * own share of the speed-up was not isolated):
 * <pre>
 * export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456
 * mvn -o -q -pl training-service -am test -Dtest=BgadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbgad.benchmark=bottle,magnetic_tile -Dbgad.seeds=0,1,2 [-Dbgad.steps=600] \
 *     [-Dbgad.overrides=learning_rate=1e-3;rows_per_chunk=1024] [-Dbgad.validation.fraction=0.1] [-Dbgad.onnx-scoring=true] -DargLine=-Xmx5g
 * </pre>
 * The data are chosen by the job's own rules, so that this benchmark measures what a BGAD job would
 * train and evaluate without the gRPC services and the ONNX export: the images go through
 * {@link BgadSnapshotImages} as the dataset service would stream them (sha256 ids), the known anomalies
 * are that class's choice for the seed (with non-empty masks, spread over defect types), the TRAIN
 * normals are carved by {@link ValidationCarve} ({@code bgad.validation.fraction}, the job default 0.1;
 * 0 trains on all of them), and the metrics are the job's {@link HeadEvaluation#metrics} on the TEST
 * split minus the seed's known anomalies. The difference to a job: features come from the trunk in
 * process, and test images are scored with DJL on the float16 reduced rows instead of the exported
 * ONNX flows on float32 rows; {@code -Dbgad.onnx-scoring=true} scores the evaluated images the job's
 * way too (a second extraction pass) and prints both. Results go to stdout and to target/bgad-benchmark.txt.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgad.benchmark", matches = ".+")
public class BgadBenchmark {

    /** Same as the test, for a plain {@code java -cp ...} run with the same system properties. */
    public static void main(String[] args) throws IOException {
        new BgadBenchmark().run();
    }

    @Test
    void run() throws IOException {
        Path data = SharedData.dir().resolve("data");
        Path trunk = SharedData.dir().resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx");
        int threads = Integer.getInteger("bgad.threads", 2);
        List<String> report = new ArrayList<>();
        try (OnnxTrunkFeatureSource source = new OnnxTrunkFeatureSource(trunk, threads, 8)) {
            for (String dataset : System.getProperty("bgad.benchmark").split(",")) {
                Path root = dataset.equals("bottle") ? data.resolve("mvtec_ad/bottle") : data.resolve(dataset.trim());
                runDataset(dataset.trim(), root, source, report);
            }
        }
        Path out = Path.of("target/bgad-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    private static void runDataset(String name, Path root, OnnxTrunkFeatureSource source, List<String> report) {
        BgadConfig base = BgadConfig.preset(BgadConfig.Preset.CPU);
        if (System.getProperty("bgad.steps") != null) {
            base = base.withSteps(Integer.getInteger("bgad.steps"));
        }
        // -Dbgad.overrides=learning_rate=1e-3;rows_per_chunk=1024 (BgadConfig keys)
        String overrides = System.getProperty("bgad.overrides", "").trim();
        if (!overrides.isEmpty()) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (String kv : overrides.split(";")) {
                String[] parts = kv.split("=", 2);
                m.put(parts[0].trim(), parts[1].trim());
            }
            base = base.withOverrides(m);
        }
        log(name + ": config " + base.toMap());
        BgadSnapshotImages images = new BgadSnapshotImages();
        RecordDatasetService.mvtecFolder(root, 0).forEach(images::add);
        double fraction = Double.parseDouble(System.getProperty("bgad.validation.fraction", "0.1"));
        List<NormalImage> normals = fraction == 0 ? images.trainNormals()
                : ValidationCarve.carve(images.trainNormals(), NormalImage::imageId, fraction).train();
        List<BgadSnapshotImages.Encoded> test = images.test();
        log(name + ": train " + normals.size() + " of " + images.trainNormals().size() + " normals (validation fraction "
                + fraction + "), test " + test.size());

        long t0 = System.nanoTime();
        BgadDataPreparation prep = new BgadDataPreparation(source);
        NormalFeatures nf = prep.prepareNormals(normals, base, p -> { }, () -> false);
        double normalSeconds = (System.nanoTime() - t0) / 1e9;
        log(name + ": normal features in " + fmt(normalSeconds) + " s, preprocessing " + nf.preprocessing());

        // Features of the whole TEST split once (float16, reduced), masks at network resolution; each
        // seed leaves out its own known anomalies.
        long t1 = System.nanoTime();
        Preprocessor pre = new Preprocessor(nf.preprocessing());
        FeatureBank testBank = new FeatureBank(nf.bank().shapes());
        List<SnapshotFeatures.Member> members = new ArrayList<>();
        for (int start = 0; start < test.size(); start += 16) {
            List<RgbImage> decoded = new ArrayList<>();
            for (BgadSnapshotImages.Encoded t : test.subList(start, Math.min(test.size(), start + 16))) {
                RgbImage image = images.decode(t);
                decoded.add(image);
                members.add(new SnapshotFeatures.Member(t.imageId(), Split.TEST, t.label(), t.defectType(),
                        t.mask() == null ? null : pre.preprocessMask(t.mask(), image.width(), image.height())));
            }
            for (float[][] levels : prep.reducedLevels(nf, decoded)) {
                testBank.add(levels, null);
            }
        }
        log(name + ": test features in " + fmt((System.nanoTime() - t1) / 1e9) + " s");

        String[] seeds = System.getProperty("bgad.seeds", "0").split(",");
        for (String seedText : seeds) {
            BgadConfig config = base.withSeed(Long.parseLong(seedText.trim()));
            List<KnownAnomaly> known = images.selectKnown(config.knownAnomalies(), config.seed(), name);
            Set<String> knownIds = new HashSet<>(known.stream().map(KnownAnomaly::imageId).toList());
            log(name + " seed " + seedText + ": known anomalies " + known.stream().map(k -> k.defectType() + "/"
                    + k.imageId().substring(0, 8)).toList());
            long t2 = System.nanoTime();
            AnomalyFeatures af = prep.prepareAnomalies(nf, known, config, p -> { }, () -> false);
            double pseudoSeconds = (System.nanoTime() - t2) / 1e9;
            BgadModel model = BgadTrainer.train(nf, af, config, p -> {
                if (p.step() % 100 == 0 || p.step() == p.totalSteps()) {
                    log(String.format(Locale.ROOT, "%s seed %s: %s step %d/%d epoch %d loss %.4f lr %.2e elapsed %ds eta %ds",
                            name, seedText, p.phase(), p.step(), p.totalSteps(), p.epoch(), p.loss(), p.learningRate(),
                            p.elapsed().toSeconds(), p.eta().toSeconds()));
                }
            }, () -> false);
            long t3 = System.nanoTime();
            AnomalyMapper mapper = model.mapper();
            List<SnapshotFeatures.Member> evaluated = new ArrayList<>();
            List<HeadEvaluation.Scored> scored = new ArrayList<>();
            try (FlowScorer scorer = model.newScorer()) {
                for (int i = 0; i < members.size(); i++) {
                    if (knownIds.contains(members.get(i).imageId())) {
                        continue;
                    }
                    float[][] lp = new float[3][];
                    for (int l = 0; l < 3; l++) {
                        lp[l] = scorer.logLikelihoods(l, testBank.levelRows(i, l));
                    }
                    float[] map = mapper.anomalyMap(lp);
                    evaluated.add(members.get(i));
                    scored.add(new HeadEvaluation.Scored(AnomalyMapper.imageScore(map), map));
                }
            }
            double scoreSeconds = (System.nanoTime() - t3) / 1e9;
            // no calibration here: the threshold only feeds the accuracy-at-threshold figure, not printed
            Metrics m = HeadEvaluation.metrics(mapper.mapSize(), evaluated, scored, 0, name);
            String onnx = "";
            if (Boolean.getBoolean("bgad.onnx-scoring")) {
                Metrics o = HeadEvaluation.metrics(mapper.mapSize(), evaluated,
                        scoreThroughOnnx(model, source, nf, images, test, knownIds), 0, name);
                onnx = String.format(Locale.ROOT, " | the job's scoring (exported ONNX flows on float32 rows): I-AUROC "
                        + "%.4f P-AUROC %.4f PRO %.4f", o.getImageAuroc(), o.getPixelAuroc(), o.getPro());
            }
            String line = String.format(Locale.ROOT,
                    "RESULT %s seed %s steps %d: I-AUROC %.4f P-AUROC %.4f PRO %.4f | %d test images (%d anomalous) | "
                            + "train %.0f s, pseudo %.0f s, normal features %.0f s, scoring %.0f s | per type %s | "
                            + "constants %s%s",
                    name, seedText, config.steps(), m.getImageAuroc(), m.getPixelAuroc(), m.getPro(), m.getImages(),
                    m.getAnomalousImages(), model.trainingSeconds(), pseudoSeconds, normalSeconds, scoreSeconds,
                    new TreeMap<>(m.getPerDefectTypeMap()).entrySet().stream().map(e -> e.getKey() + "="
                            + String.format(Locale.ROOT, "%.3f", e.getValue().getImageAuroc())).toList(),
                    model.constants().describe().entrySet().stream().limit(4).map(Map.Entry::toString).toList(), onnx);
            log(line);
            report.add(line);
        }
    }

    /**
     * The evaluated test images scored as a job scores them: raw float32 levels extracted again, the
     * exported level flows on ONNX Runtime ({@link OnnxFlowScorer}, reduction folded in), the same mapper.
     */
    private static List<HeadEvaluation.Scored> scoreThroughOnnx(BgadModel model, LevelFeatureSource source,
                                                                NormalFeatures nf, BgadSnapshotImages images,
                                                                List<BgadSnapshotImages.Encoded> test,
                                                                Set<String> knownIds) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("bgad-benchmark-flows");
            List<Path> files = new ArrayList<>();
            for (int l = 0; l < model.levelCount(); l++) {
                files.add(Files.write(folder.resolve("flow_" + l + ".onnx"), model.exportLevelOnnx(l)));
            }
            List<BgadSnapshotImages.Encoded> evaluated = test.stream().filter(t -> !knownIds.contains(t.imageId()))
                    .toList();
            AnomalyMapper mapper = model.mapper();
            List<HeadEvaluation.Scored> out = new ArrayList<>(evaluated.size());
            try (OnnxFlowScorer flows = new OnnxFlowScorer(files, model.rawShapes(), model.config().positionalDim())) {
                for (int start = 0; start < evaluated.size(); start += 16) {
                    List<RgbImage> decoded = evaluated.subList(start, Math.min(evaluated.size(), start + 16)).stream()
                            .map(images::decode).toList();
                    for (float[][] raw : source.extract(decoded, nf.preprocessing())) {
                        float[] map = mapper.anomalyMap(flows.logLikelihoods(raw));
                        out.add(new HeadEvaluation.Scored(AnomalyMapper.imageScore(map), map));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("ONNX scoring failed: " + e.getMessage(), e);
        } finally {
            if (folder != null) {
                dev.inspection.training.registry.VersionFolders.deleteQuietly(folder);
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void log(String s) {
        System.out.println("[bgad-bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }
}
