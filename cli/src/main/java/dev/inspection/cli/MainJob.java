package dev.inspection.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.cli.launch.Backbone;
import dev.inspection.cli.launch.EmbeddedDatabase;
import dev.inspection.cli.launch.PortCheck;
import dev.inspection.cli.launch.ServiceProcess;
import dev.inspection.cli.launch.Suite;
import dev.inspection.cli.report.ReportDataset;
import dev.inspection.cli.report.ReportInput;
import dev.inspection.cli.report.ReportModel;
import dev.inspection.cli.report.ReportTimings;
import dev.inspection.cli.report.ReportWriter;
import dev.inspection.core.metrics.MetricSet;
import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The main job's steps, in order: build check, backbone, embedded PostgreSQL, the four services,
 * import, training (watched), activation in the scoring service, scoring the test split through it,
 * the report. The caller owns the {@link Suite} (and so decides when everything stops).
 */
public final class MainJob {

    static final List<String> SERVICES = List.of("dataset-service", "feature-service", "training-service", "scoring-service");

    private final MainJobOptions options;
    private final PrintStream out;

    public MainJob(MainJobOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** What a run produced; the services stay up until the suite closes. */
    public record Outcome(String datasetName, String modelName, int version, String snapshotId,
                          ReportWriter.ReportFiles report, MetricSet overall, Map<String, Integer> ports) {
    }

    /** The four services of a run. */
    record Services(ServiceProcess datasets, ServiceProcess features, ServiceProcess training, ServiceProcess scoring) {
        Map<String, Integer> ports() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (ServiceProcess s : List.of(datasets, features, training, scoring)) {
                ports.put(s.name(), s.port());
            }
            return ports;
        }
    }

    public Outcome run(Suite suite) {
        long t0 = System.nanoTime();
        MainJobOptions o = options;
        requireInputs(o);
        Path backbone = o.backbone() != null ? o.backbone() : Backbone.locateOrProvision(o.home(), o.sharedDir(),
                Path.of(System.getProperty("user.home"), ".cache/inspection/backbones"), o.stateDir().resolve("logs"));
        out.println("backbone: " + backbone);
        Services services = startServices(suite, backbone);

        GrpcTarget datasetTarget = GrpcTarget.local(services.datasets().port());
        GrpcTarget trainingTarget = GrpcTarget.local(services.training().port());
        GrpcTarget scoringTarget = GrpcTarget.local(services.scoring().port());
        ManagedChannel datasetChannel = datasetTarget.open();
        ManagedChannel trainingChannel = trainingTarget.open();
        ManagedChannel scoringChannel = scoringTarget.open();
        try {
            DatasetOperations datasetOps = new DatasetOperations(datasetChannel, datasetTarget);
            ImportSummary summary = importDataset(datasetOps);
            String modelName = o.datasetName() + "-" + o.method().name().toLowerCase(Locale.ROOT);
            TrainingOperations.WatchedJob watched = train(new TrainingOperations(trainingChannel, trainingTarget),
                    modelName, summary, services.training());
            int version = (int) watched.job().getRegisteredVersion();

            ScoringOperations scoringOps = new ScoringOperations(scoringChannel, scoringTarget);
            scoringOps.activate(modelName, version);
            out.printf("scoring-service serves %s v%d%n", modelName, version);
            ModelManifest manifest = new ModelOperations(trainingChannel, trainingTarget).version(modelName, version)
                    .getManifest();
            List<ImageRecord> allTest = datasetOps.testImages(watched.job().getSnapshotId());
            List<ImageRecord> test = excludeKnownAnomalies(allTest, manifest);
            List<String> excluded = knownAnomalyNames(allTest, manifest);
            if (!excluded.isEmpty()) {
                out.printf("evaluating %d test images: %d known %s that %s was trained on left out%n", test.size(),
                        excluded.size(), excluded.size() == 1 ? "anomaly" : "anomalies", modelName);
            }
            List<ScoringOperations.NamedImage> images = new ArrayList<>(test.size());
            for (ImageRecord r : test) {
                images.add(new ScoringOperations.NamedImage(r.getSourceName(), r.getImageBytes().toByteArray()));
            }
            ScoringOperations.Scored scored = scoringOps.scoreAll(modelName, version, images,
                    ServedEvaluation.REPORT_OPTIONS, o.clients(), out);
            out.printf(Locale.ROOT, "scored %d test images at %.2f images/s with %d clients%n", images.size(),
                    scored.imagesPerSecond(), o.clients());
            ServedEvaluation.Result evaluation = ServedEvaluation.evaluate(manifest, test, scored.responses());

            double featureSeconds = watched.phaseSeconds().getOrDefault(JobPhase.FEATURES, Double.NaN);
            ReportTimings timings = new ReportTimings(
                    featureSeconds > 0 ? summary.getStatistics().getImages() / featureSeconds : Double.NaN,
                    nonNegativeOrNaN(watched.trainingSeconds()), scored.imagesPerSecond(),
                    (System.nanoTime() - t0) / 1e9);
            ReportInput input = new ReportInput(o.datasetName() + " - " + displayName(o.method()) + " v" + version,
                    Instant.now(), new ReportDataset(o.datasetName(), o.folder().getFileName().toString(),
                    watched.job().getSnapshotId(), excluded), reportModel(manifest), evaluation.evaluation(), evaluation.threshold(),
                    evaluation.images(), timings);
            ReportWriter.ReportFiles files = new ReportWriter().write(input,
                    o.stateDir().resolve("reports").resolve(modelName + "-v" + version));

            MetricSet overall = evaluation.evaluation().overall();
            out.printf(Locale.ROOT, "image AUROC %.4f, pixel AUROC %.4f, PRO %.4f, image F1-max %.4f on %d test images%n",
                    overall.imageAuroc(), overall.pixelAuroc(), overall.pro(), overall.imageF1().f1(), overall.images());
            out.println("report: " + files.html());
            out.println("        " + files.json());
            out.printf(Locale.ROOT, "main job done in %.1f s; logs in %s%n", (System.nanoTime() - t0) / 1e9,
                    o.stateDir().resolve("logs"));
            return new Outcome(o.datasetName(), modelName, version, watched.job().getSnapshotId(), files, overall,
                    services.ports());
        } finally {
            datasetChannel.shutdownNow();
            trainingChannel.shutdownNow();
            scoringChannel.shutdownNow();
        }
    }

    /** The database (a database per service: their Flyway histories must not meet) and the services, in dependency order. */
    private Services startServices(Suite suite, Path backbone) {
        MainJobOptions o = options;
        out.println("starting embedded PostgreSQL (data in " + o.stateDir().resolve("postgres") + ")");
        EmbeddedDatabase db = suite.startDatabase(o.dbPort());
        ServiceProcess datasets = start(suite, "dataset-service", Map.of(
                "quarkus.datasource.jdbc.url", db.database("inspection_dataset"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "inspection.dataset.import-roots", o.folder().toString()), "-Xmx1g");
        ServiceProcess features = start(suite, "feature-service", Map.of(
                "inspection.feature.backbone-file", backbone.toString(),
                "inspection.feature.provision-backbone", "false"), "-Xmx1g");
        // Training holds the float16 training features (up to 2 GiB) on the heap.
        ServiceProcess training = start(suite, "training-service", Map.of(
                "quarkus.datasource.jdbc.url", db.database("inspection_training"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "inspection.training.registry-dir", o.stateDir().resolve("models").toString(),
                "inspection.training.feature-cache-dir", o.stateDir().resolve("feature-cache").toString(),
                "inspection.training.dataset-service", "localhost:" + datasets.port(),
                "inspection.training.feature-service", "localhost:" + features.port()), "-Xmx6g");
        ServiceProcess scoring = start(suite, "scoring-service", Map.of(
                "inspection.scoring.feature-service", "localhost:" + features.port(),
                "inspection.scoring.registry", "localhost:" + training.port(),
                "inspection.scoring.cache-dir", o.stateDir().resolve("scoring-cache").toString()), "-Xmx1g");
        return new Services(datasets, features, training, scoring);
    }

    private ImportSummary importDataset(DatasetOperations datasets) {
        MainJobOptions o = options;
        ImportSummary summary = datasets.importFolder(o.folder(), o.datasetName(), 0, out);
        out.printf("imported %s from %s: %d images added, %d unchanged, %d masks added%n", o.datasetName(),
                o.folder(), summary.getImagesAdded(), summary.getImagesUnchanged(), summary.getMasksAdded());
        DatasetOperations.printStatistics(out, "dataset " + o.datasetName(), summary.getStatistics());
        if (o.method() == Method.BGAD) {
            requireMaskedAnomalies(summary.getStatistics(), o.folder());
        }
        return summary;
    }

    /** Starts the job (registry-active on success), watches it, and fails clearly unless it succeeded. */
    private TrainingOperations.WatchedJob train(TrainingOperations training, String modelName, ImportSummary summary,
                                                ServiceProcess service) {
        MainJobOptions o = options;
        Map<String, String> overrides = o.overrides();
        if (o.method() == Method.BGAD) {
            overrides = BgadSettings.overrides(overrides, summary.getStatistics());
            out.println(BgadSettings.describe(overrides, summary.getStatistics()));
        }
        boolean resizeWhole = o.resizeWhole();
        if (!resizeWhole) {
            Optional<String> elongated = ElongatedImages.firstIn(o.folder());
            if (elongated.isPresent()) {
                resizeWhole = true;
                out.println("note: " + elongated.get() + ": resizing whole images instead of a center crop, "
                        + "which would cut parts (and defects) away");
            }
        }
        TrainingJob job = training.start(StartJobRequest.newBuilder().setModelName(modelName)
                .setMethod(o.method()).setDatasetId(summary.getDatasetId()).setPreset(o.preset())
                .putAllOverrides(overrides).setSeed(o.seed()).setActivate(true)
                .setPreprocessing(TrainingOperations.preprocessing(resizeWhole)).build());
        out.printf("training %s (%s, preset %s) as job %s%n", modelName, displayName(o.method()), o.preset(), job.getId());
        TrainingOperations.WatchedJob watched = training.watch(job.getId(), out);
        if (!watched.succeeded()) {
            throw new CliException(ExitCodes.FAILED, "training job " + job.getId() + " ended "
                    + watched.job().getState() + ": " + watched.job().getError() + " (see " + service.log() + ")");
        }
        out.printf("registered %s v%d in %.0f s%n", modelName, watched.job().getRegisteredVersion(), watched.trainingSeconds());
        return watched;
    }

    /** Everything that can be checked before anything starts: folder, built jars, free ports. */
    static void requireInputs(MainJobOptions o) {
        if (!Files.isDirectory(o.folder())) {
            throw new CliException(ExitCodes.MISSING, "no dataset folder at " + o.folder()
                    + " (give an MVTec-layout folder: train/good, test/<type>, ground_truth/<type>)");
        }
        List<String> unbuilt = new ArrayList<>();
        for (String service : SERVICES) {
            if (!Files.isRegularFile(o.home().resolve(service).resolve("target/quarkus-app/quarkus-run.jar"))) {
                unbuilt.add(service);
            }
        }
        if (!unbuilt.isEmpty()) {
            throw new CliException(ExitCodes.MISSING, "not built: " + String.join(", ", unbuilt) + " under " + o.home()
                    + "; run 'mvn -B package -DskipTests' there first (scripts/main.sh does)");
        }
        if (o.backbone() != null && !Files.isRegularFile(o.backbone())) {
            throw new CliException(ExitCodes.MISSING, "no backbone file at " + o.backbone());
        }
        o.ports().forEach((service, port) -> PortCheck.requireFree(port, service));
        if (o.dbPort() > 0) {
            PortCheck.requireFree(o.dbPort(), "embedded PostgreSQL");
        }
    }

    private ServiceProcess start(Suite suite, String service, Map<String, String> properties, String heap) {
        int port = options.ports().get(service);
        out.println("starting " + service + " on port " + port);
        return suite.startService(service, port, properties, List.of(heap));
    }

    /** BGAD learns from a few labelled defects: the dataset needs anomalous images with masks. */
    static void requireMaskedAnomalies(DatasetStatistics stats, Path folder) {
        for (GroupCount g : stats.getGroupsList()) {
            if (g.getLabel() == Label.ANOMALOUS && g.getMasks() > 0) {
                return;
            }
        }
        throw new CliException(ExitCodes.MISSING, "--method bgad needs labelled anomalies with masks, but " + folder
                + " has none (ground_truth/<type>/<name>_mask.png); use the default SimpleNet");
    }

    /** BGAD trains on a few known anomalies; the evaluation leaves them out, as the training service does. */
    static List<ImageRecord> excludeKnownAnomalies(List<ImageRecord> test, ModelManifest manifest) {
        if (manifest.getKnownAnomalyImageIdsCount() == 0) {
            return test;
        }
        Set<String> known = new HashSet<>(manifest.getKnownAnomalyImageIdsList());
        return test.stream().filter(r -> !known.contains(r.getImageId())).toList();
    }

    /** Source names of the test images the version was trained on as known anomalies, in test order. */
    static List<String> knownAnomalyNames(List<ImageRecord> test, ModelManifest manifest) {
        Set<String> known = new HashSet<>(manifest.getKnownAnomalyImageIdsList());
        return test.stream().filter(r -> known.contains(r.getImageId()))
                .map(r -> r.getSourceName().isEmpty() ? r.getImageId() : r.getSourceName()).toList();
    }

    static ReportModel reportModel(ModelManifest m) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("backbone sha256", m.getBackbone().getSha256());
        key.put("layers", String.join(", ", m.getBackbone().getLayersList()));
        key.put("preset", m.getTrainingConfigOrDefault("preset", ""));
        key.put("seed", Long.toUnsignedString(m.getSeed()));
        key.put("snapshot", m.getSnapshotId());
        key.put("calibration", m.getCalibration().getRule());
        key.put("training job", m.getJobId());
        return new ReportModel(m.getModelName(), Integer.toString(m.getVersion()),
                m.getMethod().name().toLowerCase(Locale.ROOT), manifestJson(m), key);
    }

    static String manifestJson(ModelManifest m) {
        try {
            return JsonFormat.printer().print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("manifest cannot be printed as JSON", e);
        }
    }

    static String displayName(Method method) {
        return method == Method.BGAD ? "BGAD" : "SimpleNet";
    }

    private static double nonNegativeOrNaN(double seconds) {
        return seconds >= 0 ? seconds : Double.NaN;
    }
}
