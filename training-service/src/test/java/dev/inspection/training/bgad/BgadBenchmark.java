package dev.inspection.training.bgad;

import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.metrics.Auroc;
import dev.inspection.core.metrics.Pro;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
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
 *     [-Dbgad.overrides=learning_rate=1e-3;rows_per_chunk=1024] -DargLine=-Xmx5g
 * </pre>
 * 10 known anomalies (seed 0 selection, spread over defect types) are trained on and removed from the
 * test split; image AUROC, pixel AUROC and PRO@0.3 at the network resolution come from
 * inspection-core's metrics. Results go to stdout and to target/bgad-benchmark.txt.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bgad.benchmark", matches = ".+")
public class BgadBenchmark {

    private record Item(String id, String type, Path image, Path mask) {
    }

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
        ImageDecoder decoder = new ImageDecoder();
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
        List<Item> train = list(root, "train");
        List<Item> test = list(root, "test");
        List<Item> anomalous = test.stream().filter(i -> !i.type().equals("good")).toList();
        List<Item> knownItems = KnownAnomalySelector.select(anomalous, Item::id, Item::type, base.knownAnomalies(), 0);
        Set<String> knownIds = new HashSet<>(knownItems.stream().map(Item::id).toList());
        List<Item> evalItems = test.stream().filter(i -> !knownIds.contains(i.id())).toList();
        log(name + ": train " + train.size() + ", test " + test.size() + ", known " + knownIds + ", evaluated "
                + evalItems.size() + " (" + evalItems.stream().filter(i -> !i.type().equals("good")).count() + " anomalous)");

        long t0 = System.nanoTime();
        List<NormalImage> normals = train.stream().map(i -> new NormalImage(i.id(), decode(decoder, i.image()))).toList();
        List<KnownAnomaly> known = knownItems.stream().map(i -> {
            RgbImage img = decode(decoder, i.image());
            return new KnownAnomaly(i.id(), i.type(), img, maskOf(decoder, i.mask(), img));
        }).toList();
        BgadDataPreparation prep = new BgadDataPreparation(source);
        NormalFeatures nf = prep.prepareNormals(normals, base, p -> { }, () -> false);
        double normalSeconds = (System.nanoTime() - t0) / 1e9;
        log(name + ": normal features in " + fmt(normalSeconds) + " s, preprocessing " + nf.preprocessing());

        // Test features once (float16, reduced), masks at network resolution.
        long t1 = System.nanoTime();
        Preprocessor pre = new Preprocessor(nf.preprocessing());
        FeatureBank testBank = new FeatureBank(nf.bank().shapes());
        List<byte[]> masks = new ArrayList<>();
        boolean[] labels = new boolean[evalItems.size()];
        for (int start = 0; start < evalItems.size(); start += 16) {
            List<Item> chunk = evalItems.subList(start, Math.min(evalItems.size(), start + 16));
            List<RgbImage> images = new ArrayList<>();
            for (Item item : chunk) {
                RgbImage img = decode(decoder, item.image());
                images.add(img);
                labels[masks.size()] = !item.type().equals("good");
                masks.add(item.mask() == null ? new byte[nf.preprocessing().cropSize() * nf.preprocessing().cropSize()]
                        : binary(pre.preprocessMask(maskOf(decoder, item.mask(), img), img.width(), img.height())));
            }
            for (float[][] levels : prep.reducedLevels(nf, images)) {
                testBank.add(levels, null);
            }
        }
        log(name + ": test features in " + fmt((System.nanoTime() - t1) / 1e9) + " s");

        String[] seeds = System.getProperty("bgad.seeds", "0").split(",");
        for (String seedText : seeds) {
            BgadConfig config = base.withSeed(Long.parseLong(seedText.trim()));
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
            List<float[]> maps = new ArrayList<>();
            double[] scores = new double[evalItems.size()];
            try (FlowScorer scorer = model.newScorer()) {
                for (int i = 0; i < evalItems.size(); i++) {
                    float[][] lp = new float[3][];
                    for (int l = 0; l < 3; l++) {
                        lp[l] = scorer.logLikelihoods(l, testBank.levelRows(i, l));
                    }
                    float[] map = mapper.anomalyMap(lp);
                    maps.add(map);
                    scores[i] = AnomalyMapper.imageScore(map);
                }
            }
            double scoreSeconds = (System.nanoTime() - t3) / 1e9;
            int size = mapper.mapSize();
            double iAuroc = Auroc.of(scores, labels);
            double pAuroc = Auroc.ofPixels(maps, masks);
            double pro = Pro.of(maps, masks, size, size);
            Map<String, Double> perType = new TreeMap<>();
            for (String type : evalItems.stream().map(Item::type).filter(t -> !t.equals("good")).distinct().toList()) {
                List<Double> s = new ArrayList<>();
                List<Boolean> l = new ArrayList<>();
                for (int i = 0; i < evalItems.size(); i++) {
                    String t = evalItems.get(i).type();
                    if (t.equals(type) || t.equals("good")) {
                        s.add(scores[i]);
                        l.add(!t.equals("good"));
                    }
                }
                double[] sa = s.stream().mapToDouble(Double::doubleValue).toArray();
                boolean[] la = new boolean[l.size()];
                for (int i = 0; i < la.length; i++) {
                    la[i] = l.get(i);
                }
                perType.put(type, Auroc.of(sa, la));
            }
            String line = String.format(Locale.ROOT,
                    "RESULT %s seed %s steps %d: I-AUROC %.4f P-AUROC %.4f PRO %.4f | train %.0f s, pseudo %.0f s, "
                            + "normal features %.0f s, scoring %d images %.0f s | per type %s | constants %s",
                    name, seedText, config.steps(), iAuroc, pAuroc, pro, model.trainingSeconds(), pseudoSeconds,
                    normalSeconds, evalItems.size(), scoreSeconds, perType.entrySet().stream()
                            .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue())).toList(),
                    model.constants().describe().entrySet().stream().limit(4).map(Map.Entry::toString).toList());
            log(line);
            report.add(line);
        }
    }

    private static List<Item> list(Path root, String split) {
        List<Item> out = new ArrayList<>();
        try (Stream<Path> types = Files.list(root.resolve(split))) {
            for (Path typeDir : types.filter(Files::isDirectory).sorted().toList()) {
                String type = typeDir.getFileName().toString();
                try (Stream<Path> files = Files.list(typeDir)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String file = f.getFileName().toString();
                        String stem = file.substring(0, file.lastIndexOf('.'));
                        Path mask = root.resolve("ground_truth").resolve(type).resolve(stem + "_mask.png");
                        out.add(new Item(split + "/" + type + "/" + file, type, f,
                                type.equals("good") ? null : mask));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static RgbImage decode(ImageDecoder decoder, Path path) {
        try {
            return decoder.decode(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] maskOf(ImageDecoder decoder, Path maskPath, RgbImage image) {
        RgbImage m = decode(decoder, maskPath);
        if (m.width() != image.width() || m.height() != image.height()) {
            throw new IllegalStateException("mask " + maskPath + " does not match its image size");
        }
        byte[] rgb = m.rgb();
        byte[] out = new byte[m.width() * m.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((rgb[3 * i] & 0xff) > 127 ? 1 : 0);
        }
        return out;
    }

    private static byte[] binary(byte[] mask) {
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return mask;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void log(String s) {
        System.out.println("[bgad-bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }
}
