package dev.inspection.training.pipeline;

import com.google.protobuf.Timestamp;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.BackboneRef;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.model.v1.PostProcessing;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.core.postprocess.CalibrationFit;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.evaluation.HeadEvaluation;
import dev.inspection.training.evaluation.OnnxHeadScorer;
import dev.inspection.training.jobs.JobContext;
import dev.inspection.training.jobs.JobPipeline;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.registry.ModelRegistry;
import dev.inspection.training.registry.VersionFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A SimpleNet job: SNAPSHOT -> FEATURES -> TRAINING -> EXPORT -> CALIBRATION -> EVALUATION ->
 * REGISTRATION. The head is exported before calibration so that calibration and evaluation score the
 * very ONNX file that gets registered, through the serving post-processing.
 */
public final class SimpleNetJobPipeline implements JobPipeline {

    /** Share of the job's progress at the start of each phase. */
    private static final double FEATURES_START = 0.02;
    private static final double TRAINING_START = 0.30;
    private static final double EXPORT_START = 0.85;
    private static final double CALIBRATION_START = 0.87;
    private static final double EVALUATION_START = 0.90;
    private static final double REGISTRATION_START = 0.98;

    private final DatasetClient dataset;
    private final FeatureClient features;
    private final SnapshotFeatures snapshotFeatures;
    private final Supplier<MethodTrainer> trainer;
    private final ModelRegistry registry;
    private final Path workRoot;
    private final Clock clock;

    /**
     * @param trainer  gives the SimpleNet trainer (throws a TrainingException when the build has none)
     * @param workRoot scratch folder for exports (one sub-folder per job, removed afterwards)
     */
    public SimpleNetJobPipeline(DatasetClient dataset, FeatureClient features, SnapshotFeatures snapshotFeatures,
                                Supplier<MethodTrainer> trainer, ModelRegistry registry, Path workRoot, Clock clock) {
        this.dataset = dataset;
        this.features = features;
        this.snapshotFeatures = snapshotFeatures;
        this.trainer = trainer;
        this.registry = registry;
        this.workRoot = workRoot;
        this.clock = clock;
    }

    @Override
    public int run(JobRecord job, JobContext ctx) throws Exception {
        if (job.method() != Method.SIMPLENET) {
            throw TrainingException.failedPrecondition("method " + job.method() + " is not trained by this pipeline");
        }
        var token = ctx.cancellation();

        Snapshot snapshot = JobSnapshots.resolve(dataset, job, ctx);

        ctx.phase(JobPhase.FEATURES, "extracting features");
        BackboneInfo backbone = features.backbone(job.backboneId());
        Preprocessing preprocessing = Preprocessings.effective(backbone.getPreprocessing(), job.preprocessing());
        long total = snapshot.getStatistics().getImages();
        SnapshotFeatures.Loaded loaded = snapshotFeatures.load(snapshot.getId(), backbone, preprocessing, r -> true,
                total, token, (done, all) -> ctx.progress(FEATURES_START + (TRAINING_START - FEATURES_START)
                        * (all == 0 ? 0 : (double) done / all), "extracting features " + done + "/" + all));
        try (loaded) { // the cache keeps these features until the job has scored its last image
            return trainOnLoaded(job, ctx, snapshot, backbone, preprocessing, loaded);
        }
    }

    private int trainOnLoaded(JobRecord job, JobContext ctx, Snapshot snapshot, BackboneInfo backbone,
                              Preprocessing preprocessing, SnapshotFeatures.Loaded loaded) throws Exception {
        var token = ctx.cancellation();
        List<SnapshotFeatures.Member> trainNormals = new ArrayList<>();
        List<SnapshotFeatures.Member> validation = new ArrayList<>();
        List<SnapshotFeatures.Member> test = new ArrayList<>();
        for (SnapshotFeatures.Member m : loaded.members()) {
            if (m.split() == Split.TRAIN && m.label() == Label.NORMAL) {
                trainNormals.add(m);
            } else if (m.split() == Split.VALIDATION && m.label() == Label.NORMAL) {
                validation.add(m);
            } else if (m.split() == Split.TEST && m.label() != Label.LABEL_UNSPECIFIED) {
                test.add(m);
            }
        }
        if (validation.size() < ValidationCarve.MIN_VALIDATION) {
            double fraction = Double.parseDouble(job.config().get(Presets.VALIDATION_FRACTION));
            try {
                ValidationCarve.Split<SnapshotFeatures.Member> carved = ValidationCarve.carve(trainNormals,
                        SnapshotFeatures.Member::imageId, fraction);
                trainNormals = carved.train();
                validation = carved.validation();
            } catch (IllegalArgumentException e) {
                throw TrainingException.failedPrecondition("snapshot " + snapshot.getId() + ": " + e.getMessage());
            }
        }

        ctx.phase(JobPhase.TRAINING, "training on " + trainNormals.size() + " images");
        MethodTrainer method = trainer.get();
        try (MethodTrainer.TrainedHead head = method.train(snapshotFeatures.rows(loaded, trainNormals), job.config(),
                job.seed(), step -> ctx.trainingStep(step, TRAINING_START + (EXPORT_START - TRAINING_START)
                        * (step.steps() == 0 ? 0 : (double) step.step() / step.steps())), token)) {
            token.throwIfCancelled();

            ctx.phase(JobPhase.EXPORT, "exporting the head to ONNX");
            Path exportDir = Files.createDirectories(workRoot.resolve(job.id()));
            try {
                List<MethodTrainer.Artifact> artifacts = head.exportOnnx(exportDir);
                MethodTrainer.Artifact headFile = artifacts.stream().filter(a -> a.role().equals("head")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("the trainer exported no 'head' artifact"));
                ctx.progress(CALIBRATION_START, "exported " + headFile.file());

                int mapSize = preprocessing.getCropSize();
                PostProcessingConfig post = PostProcessingConfig.simpleNet(mapSize);
                ModelManifest.Builder manifest = ModelManifest.newBuilder();
                try (OnnxHeadScorer scorer = new OnnxHeadScorer(exportDir.resolve(headFile.file()))) {
                    HeadEvaluation evaluation = new HeadEvaluation(scorer, post, loaded.gridSide());

                    ctx.phase(JobPhase.CALIBRATION, "scoring " + validation.size() + " held-out normal images");
                    List<SnapshotFeatures.Member> held = validation;
                    CalibrationFit fit = HeadEvaluation.calibrate(evaluation.score(
                            snapshotFeatures.rows(loaded, held), token, i -> ctx.progress(CALIBRATION_START
                                    + (EVALUATION_START - CALIBRATION_START) * (i + 1) / held.size(),
                                    "calibration " + (i + 1) + "/" + held.size())));
                    Calibration calibration = HeadEvaluation.toProto(fit, head.calibrationConstants());
                    manifest.setCalibration(calibration);

                    ctx.phase(JobPhase.EVALUATION, "scoring " + test.size() + " test images");
                    if (!test.isEmpty()) {
                        List<SnapshotFeatures.Member> tested = test;
                        List<HeadEvaluation.Scored> scored = evaluation.score(snapshotFeatures.rows(loaded, tested), token,
                                i -> ctx.progress(EVALUATION_START + (REGISTRATION_START - EVALUATION_START) * (i + 1)
                                        / tested.size(), "evaluation " + (i + 1) + "/" + tested.size()));
                        Metrics metrics = evaluation.metrics(tested, scored, calibration.getImageThreshold(),
                                snapshot.getId());
                        manifest.setMetrics(metrics);
                    }
                }

                token.throwIfCancelled();
                ctx.phase(JobPhase.REGISTRATION, "registering a new version of " + job.modelName());
                // Past this point the version is published: cancelling no longer applies.
                Instant now = clock.instant();
                manifest.setModelName(job.modelName()).setMethod(Method.SIMPLENET)
                        .setBackbone(BackboneRef.newBuilder().setId(backbone.getId()).setSha256(backbone.getSha256())
                                .addAllLayers(backbone.getPatchLevelsList()))
                        .setPreprocessing(preprocessing).addEmbeddingDims(loaded.dim())
                        .setGridHeight(loaded.gridSide()).setGridWidth(loaded.gridSide())
                        .setPostProcessing(PostProcessing.newBuilder().setMapSize(mapSize).setBlurSigma(post.blurSigma())
                                .setAlignCorners(post.alignCorners()))
                        .putAllTrainingConfig(job.config()).setSeed(job.seed()).setDatasetId(snapshot.getDatasetId())
                        .setSnapshotId(snapshot.getId())
                        .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                        .setJobId(job.id());
                ModelVersion version = registry.publish(manifest.build(), exportDir, artifacts, job.activate());
                return version.getVersion();
            } finally {
                VersionFolders.deleteQuietly(exportDir);
            }
        }
    }
}
