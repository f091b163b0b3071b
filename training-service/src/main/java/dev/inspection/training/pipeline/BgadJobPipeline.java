package dev.inspection.training.pipeline;

import com.google.protobuf.Timestamp;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.BackboneRef;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.model.v1.PostProcessing;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.postprocess.CalibrationFit;
import dev.inspection.training.bgad.AnomalyFeatures;
import dev.inspection.training.bgad.BgadConfig;
import dev.inspection.training.bgad.BgadDataPreparation;
import dev.inspection.training.bgad.BgadModel;
import dev.inspection.training.bgad.BgadOnnxExporter;
import dev.inspection.training.bgad.BgadProgress;
import dev.inspection.training.bgad.BgadProgressListener;
import dev.inspection.training.bgad.BgadTrainer;
import dev.inspection.training.bgad.ChannelReduction;
import dev.inspection.training.bgad.FeatureServiceLevelSource;
import dev.inspection.training.bgad.KnownAnomaly;
import dev.inspection.training.bgad.LevelFeatureSource;
import dev.inspection.training.bgad.NormalFeatures;
import dev.inspection.training.bgad.NormalImage;
import dev.inspection.training.bgad.OnnxFlowScorer;
import dev.inspection.core.image.PreprocessingChoice;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.evaluation.BgadScoring;
import dev.inspection.training.evaluation.HeadEvaluation;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobCancelledException;
import dev.inspection.training.jobs.JobContext;
import dev.inspection.training.jobs.JobPipeline;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.jobs.TrainingStep;
import dev.inspection.training.registry.ModelRegistry;
import dev.inspection.training.registry.VersionFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A BGAD job: SNAPSHOT -> FEATURES (images, known anomalies, backbone levels from the feature service,
 * pseudo anomalies) -> TRAINING -> EXPORT (one flow ONNX per level) -> CALIBRATION (held-out normals)
 * -> EVALUATION (TEST split minus the known anomalies) -> REGISTRATION. Calibration and evaluation run
 * the exported files on ONNX Runtime and build the maps with inspection-core's {@link AnomalyMapper},
 * exactly as the scoring service does.
 */
public final class BgadJobPipeline implements JobPipeline {

    /** Backbone levels the flows model, in order. */
    public static final List<String> LEVELS = List.of("layer1", "layer2", "layer3");
    /** Artifact role of a level's flow: "flow.layer1", ... */
    public static final String FLOW_ROLE_PREFIX = "flow.";

    private static final double FEATURES_START = 0.02;
    private static final double PSEUDO_START = 0.17;
    private static final double TRAINING_START = 0.25;
    private static final double EXPORT_START = 0.85;
    private static final double CALIBRATION_START = 0.87;
    private static final double EVALUATION_START = 0.90;
    private static final double REGISTRATION_START = 0.98;
    private static final int EPOCHS = 25;

    private final DatasetClient dataset;
    private final FeatureClient features;
    private final FeatureStore featureCache;
    private final ModelRegistry registry;
    private final Path workRoot;
    private final Clock clock;
    private final int extractBatchSize;

    /**
     * @param featureCache     keeps the reduced rows of training normals between jobs ({@link BgadNormalRowsCache})
     * @param workRoot         scratch folder for exports (one sub-folder per job, removed afterwards)
     * @param extractBatchSize images per ExtractBatch call (float32 level maps: keep it small)
     */
    public BgadJobPipeline(DatasetClient dataset, FeatureClient features, FeatureStore featureCache,
                           ModelRegistry registry, Path workRoot, Clock clock, int extractBatchSize) {
        this.dataset = dataset;
        this.features = features;
        this.featureCache = featureCache;
        this.registry = registry;
        this.workRoot = workRoot;
        this.clock = clock;
        this.extractBatchSize = extractBatchSize;
    }

    @Override
    public int run(JobRecord job, JobContext ctx) throws Exception {
        if (job.method() != Method.BGAD) {
            throw TrainingException.failedPrecondition("method " + job.method() + " is not trained by this pipeline");
        }
        CancellationToken token = ctx.cancellation();
        BgadConfig config;
        double validationFraction;
        try {
            config = Presets.bgadConfig(job.config());
            validationFraction = Presets.validationFraction(job.config());
        } catch (IllegalArgumentException e) {
            throw TrainingException.invalidArgument("BGAD configuration: " + e.getMessage());
        }

        Snapshot snapshot = JobSnapshots.resolve(dataset, job, ctx);

        ctx.phase(JobPhase.FEATURES, "reading the snapshot's images");
        BgadSnapshotImages images = new BgadSnapshotImages();
        dataset.streamImages(snapshot.getId(), token, images::add);
        List<KnownAnomaly> known = images.selectKnown(config.knownAnomalies(), job.seed(), snapshot.getId());
        NormalSplit normals = splitNormals(images, validationFraction, snapshot.getId());

        BackboneInfo backbone = features.backbone(job.backboneId());
        LevelFeatureSource source;
        try {
            source = new FeatureServiceLevelSource(features, backbone, LEVELS, extractBatchSize);
        } catch (IllegalArgumentException e) {
            throw TrainingException.failedPrecondition(e.getMessage());
        }
        PreprocessingSpec spec = preprocessing(job, normals.train(), config);
        BgadModel model;
        try (BgadNormalRowsCache normalRows = new BgadNormalRowsCache(featureCache, snapshot.getId(),
                backbone.getSha256(), LEVELS)) {
            BgadDataPreparation preparation = new BgadDataPreparation(source, normalRows);
            NormalFeatures normalFeatures = preparation.prepareNormals(normals.train(), spec, config,
                    preparationProgress(ctx, FEATURES_START, PSEUDO_START), token::isCancelled);
            AnomalyFeatures anomalies = preparation.prepareAnomalies(normalFeatures, known, config,
                    preparationProgress(ctx, PSEUDO_START, TRAINING_START), token::isCancelled);
            ctx.phase(JobPhase.TRAINING, "training " + LEVELS.size() + " level flows on " + normals.train().size()
                    + " normal images and " + known.size() + " known anomalies");
            model = BgadTrainer.train(normalFeatures, anomalies, config, trainingProgress(ctx), token::isCancelled);
        } catch (CancellationException e) {
            throw new JobCancelledException("BGAD job cancelled: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw TrainingException.failedPrecondition("BGAD training: " + e.getMessage());
        }
        token.throwIfCancelled();

        ctx.phase(JobPhase.EXPORT, "exporting " + LEVELS.size() + " level flows to ONNX (training skipped "
                + model.skippedUpdates() + " level updates with non-finite values)");
        Path exportDir = Files.createDirectories(workRoot.resolve(job.id()));
        try {
            List<MethodTrainer.Artifact> artifacts = new ArrayList<>();
            List<Path> flowFiles = new ArrayList<>();
            for (int l = 0; l < model.levelCount(); l++) {
                String file = "flow_" + LEVELS.get(l) + ".onnx";
                Files.write(exportDir.resolve(file), model.exportLevelOnnx(l));
                flowFiles.add(exportDir.resolve(file));
                artifacts.add(new MethodTrainer.Artifact(FLOW_ROLE_PREFIX + LEVELS.get(l), file,
                        List.of(BgadOnnxExporter.FEATURES, BgadOnnxExporter.POSITIONS), List.of(BgadOnnxExporter.LOGP)));
            }
            AnomalyMapper mapper = model.mapper();
            ModelManifest.Builder manifest = ModelManifest.newBuilder();
            try (OnnxFlowScorer flows = new OnnxFlowScorer(flowFiles, model.rawShapes(), config.positionalDim())) {
                BgadScoring scoring = new BgadScoring(source, spec, flows, mapper, token);

                List<NormalImage> held = normals.validation();
                ctx.phase(JobPhase.CALIBRATION, "scoring " + held.size() + " held-out normal images");
                List<HeadEvaluation.Scored> heldScores = scoring.score(held.stream().map(NormalImage::image).toList(),
                        i -> ctx.progress(CALIBRATION_START + (EVALUATION_START - CALIBRATION_START) * (i + 1)
                                / held.size(), "calibration " + (i + 1) + "/" + held.size()));
                CalibrationFit fit = HeadEvaluation.calibrate(heldScores);
                Calibration calibration = HeadEvaluation.toProto(fit, mapper.constants(LEVELS));
                manifest.setCalibration(calibration);

                List<BgadSnapshotImages.Encoded> test = BgadScoring.withoutKnownAnomalies(images.test(),
                        model.knownAnomalyIds());
                ctx.phase(JobPhase.EVALUATION, "scoring " + test.size() + " test images (known anomalies excluded)");
                if (!test.isEmpty()) {
                    manifest.setMetrics(scoring.evaluate(images, test, calibration.getImageThreshold(),
                            snapshot.getId(), i -> ctx.progress(EVALUATION_START
                                    + (REGISTRATION_START - EVALUATION_START) * (i + 1) / test.size(),
                                    "evaluation " + (i + 1) + "/" + test.size())));
                }
            }

            token.throwIfCancelled();
            ctx.phase(JobPhase.REGISTRATION, "registering a new version of " + job.modelName());
            // Past this point the version is published: cancelling no longer applies.
            describe(manifest, job, model, backbone, spec, snapshot);
            ModelVersion version = registry.publish(manifest.build(), exportDir, artifacts, job.activate());
            return version.getVersion();
        } finally {
            VersionFolders.deleteQuietly(exportDir);
        }
    }

    private record NormalSplit(List<NormalImage> train, List<NormalImage> validation) {
    }

    /** VALIDATION normals when the snapshot has enough, else {@link ValidationCarve} of the TRAIN normals. */
    private static NormalSplit splitNormals(BgadSnapshotImages images, double fraction, String snapshotId) {
        List<NormalImage> train = images.trainNormals();
        if (train.isEmpty()) {
            throw TrainingException.failedPrecondition("snapshot " + snapshotId + " has no TRAIN normal images: BGAD "
                    + "needs defect-free images to learn from");
        }
        if (images.validationNormals().size() >= ValidationCarve.MIN_VALIDATION) {
            return new NormalSplit(train, images.validationNormals());
        }
        ValidationCarve.Split<NormalImage> carved;
        try {
            carved = ValidationCarve.carve(train, NormalImage::imageId, fraction);
        } catch (IllegalArgumentException e) {
            throw TrainingException.failedPrecondition("snapshot " + snapshotId + ": " + e.getMessage());
        }
        return new NormalSplit(carved.train(), carved.validation());
    }

    /**
     * The request's resize mode when it names one, else {@link PreprocessingChoice} (RESIZE_WHOLE for
     * elongated images such as magnetic tiles), at the config's input size.
     */
    static PreprocessingSpec preprocessing(JobRecord job, List<NormalImage> normals, BgadConfig config) {
        ResizeMode requested = job.preprocessing() == null ? ResizeMode.RESIZE_MODE_UNSPECIFIED
                : job.preprocessing().getMode();
        if (job.preprocessing() != null && job.preprocessing().getCropSize() != 0
                && job.preprocessing().getCropSize() != config.inputSize()) {
            throw TrainingException.invalidArgument("preprocessing.crop_size " + job.preprocessing().getCropSize()
                    + " differs from the BGAD input_size " + config.inputSize() + " (set input_size instead)");
        }
        return switch (requested) {
            case RESIZE_WHOLE -> PreprocessingSpec.whole(config.inputSize());
            case RESIZE_CENTER_CROP -> PreprocessingSpec.centerCrop(job.preprocessing().getResizeSize() == 0
                    ? config.inputSize() : job.preprocessing().getResizeSize(), config.inputSize());
            default -> PreprocessingChoice.forImages(normals.stream().map(NormalImage::image).toList(),
                    config.inputSize());
        };
    }

    private static BgadProgressListener preparationProgress(JobContext ctx, double start, double end) {
        return p -> ctx.progress(start + (end - start) * (p.totalSteps() == 0 ? 0 : (double) p.step() / p.totalSteps()),
                p.phase() + " " + p.step() + "/" + p.totalSteps());
    }

    private static BgadProgressListener trainingProgress(JobContext ctx) {
        return (BgadProgress p) -> ctx.trainingStep(new TrainingStep(Math.min(EPOCHS, p.epoch() + 1), EPOCHS, p.step(),
                p.totalSteps(), p.loss(), Double.NaN, Double.NaN), TRAINING_START + (EXPORT_START - TRAINING_START)
                * (p.totalSteps() == 0 ? 0 : (double) p.step() / p.totalSteps()));
    }

    private void describe(ModelManifest.Builder manifest, JobRecord job, BgadModel model, BackboneInfo backbone,
                          PreprocessingSpec spec, Snapshot snapshot) {
        Instant now = clock.instant();
        manifest.setModelName(job.modelName()).setMethod(Method.BGAD)
                .setBackbone(BackboneRef.newBuilder().setId(backbone.getId()).setSha256(backbone.getSha256())
                        .addAllLayers(LEVELS))
                .setPreprocessing(FeatureServiceLevelSource.toProto(spec))
                .setGridHeight(model.rawShapes().get(0).height()).setGridWidth(model.rawShapes().get(0).width())
                .setPostProcessing(PostProcessing.newBuilder().setMapSize(spec.cropSize()).setBlurSigma(0)
                        .setAlignCorners(true))
                .putAllTrainingConfig(job.config()).setSeed(job.seed()).setDatasetId(snapshot.getDatasetId())
                .setSnapshotId(snapshot.getId()).addAllKnownAnomalyImageIds(model.knownAnomalyIds())
                .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setJobId(job.id());
        for (int l = 0; l < model.levelCount(); l++) {
            ChannelReduction r = model.reductions().get(l);
            manifest.addEmbeddingDims(r.outChannels());
            manifest.putChannelReduction(LEVELS.get(l), (r.inChannels() == r.outChannels() ? "identity"
                    : "orthonormal_projection(seed " + (BgadDataPreparation.PROJECTION_SEED + l) + ")")
                    + "+standardize:" + r.inChannels() + "->" + r.outChannels());
        }
    }
}
