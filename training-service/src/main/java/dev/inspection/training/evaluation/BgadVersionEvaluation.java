package dev.inspection.training.evaluation;

import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.training.bgad.BgadConfig;
import dev.inspection.training.bgad.FeatureServiceLevelSource;
import dev.inspection.training.bgad.LevelShape;
import dev.inspection.training.bgad.OnnxFlowScorer;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.pipeline.BgadJobPipeline;
import dev.inspection.training.pipeline.BgadSnapshotImages;
import dev.inspection.training.pipeline.Preprocessings;
import dev.inspection.training.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * EvaluateVersion of a BGAD version: the snapshot's TEST split minus the version's known anomalies,
 * scored through {@link BgadScoring} (the job's own evaluation) with the registered flows, the
 * manifest's preprocessing and its frozen constants.
 */
final class BgadVersionEvaluation {

    private final ModelRegistry registry;
    private final DatasetClient dataset;
    private final FeatureClient features;
    private final int extractBatchSize;

    BgadVersionEvaluation(ModelRegistry registry, DatasetClient dataset, FeatureClient features, int extractBatchSize) {
        this.registry = registry;
        this.dataset = dataset;
        this.features = features;
        this.extractBatchSize = extractBatchSize;
    }

    /**
     * @throws TrainingException FAILED_PRECONDITION (a flow artifact, constant or setting missing from the
     *                           manifest, no test images left), UNAVAILABLE (a dependency is down)
     */
    Metrics evaluate(ModelVersion version, Snapshot snapshot, BackboneInfo backbone) throws Exception {
        ModelManifest manifest = version.getManifest();
        if (manifest.getMethod() != Method.BGAD) {
            throw new IllegalArgumentException("version " + version.getVersion() + " is " + manifest.getMethod());
        }
        String where = "version " + version.getVersion() + " of " + manifest.getModelName();
        List<String> levels = manifest.getBackbone().getLayersList();
        List<Path> flowFiles = new ArrayList<>(levels.size());
        for (String level : levels) {
            String role = BgadJobPipeline.FLOW_ROLE_PREFIX + level;
            ModelArtifact flow = manifest.getArtifactsList().stream().filter(a -> a.getRole().equals(role)).findFirst()
                    .orElseThrow(() -> TrainingException.failedPrecondition(where + " has no '" + role + "' artifact"));
            flowFiles.add(registry.artifact(manifest.getModelName(), version.getVersion(), flow.getFile()));
        }
        BgadConfig config;
        FeatureServiceLevelSource source;
        AnomalyMapper mapper;
        PreprocessingSpec spec = Preprocessings.toSpec(manifest.getPreprocessing());
        List<LevelShape> shapes;
        try {
            config = Presets.bgadConfig(manifest.getTrainingConfigMap());
            source = new FeatureServiceLevelSource(features, backbone, levels, extractBatchSize);
            shapes = source.levelShapes(spec.cropSize());
            int[][] grids = shapes.stream().map(s -> new int[] {s.height(), s.width()}).toArray(int[][]::new);
            mapper = AnomalyMapper.fromConstants(manifest.getCalibration().getConstantsMap(), levels, grids,
                    manifest.getPostProcessing().getMapSize());
        } catch (IllegalArgumentException e) {
            throw TrainingException.failedPrecondition(where + " cannot be scored: " + e.getMessage());
        }

        CancellationToken never = new CancellationToken("evaluation");
        BgadSnapshotImages images = new BgadSnapshotImages();
        // Only the TEST split is scored: the training images need not be decoded.
        dataset.streamImages(snapshot.getId(), never, r -> {
            if (r.getSplit() == Split.TEST) {
                images.add(r);
            }
        });
        List<BgadSnapshotImages.Encoded> test = BgadScoring.withoutKnownAnomalies(images.test(),
                manifest.getKnownAnomalyImageIdsList());
        if (test.isEmpty()) {
            throw TrainingException.failedPrecondition("snapshot " + snapshot.getId() + " has no TEST images besides "
                    + "the " + manifest.getKnownAnomalyImageIdsCount() + " known anomalies of " + where);
        }
        try (OnnxFlowScorer flows = new OnnxFlowScorer(flowFiles, shapes, config.positionalDim())) {
            return new BgadScoring(source, spec, flows, mapper, never).evaluate(images, test,
                    manifest.getCalibration().getImageThreshold(), snapshot.getId(), i -> { });
        }
    }
}
