package dev.inspection.training.evaluation;

import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.pipeline.SnapshotFeatures;
import dev.inspection.training.registry.ModelRegistry;
import java.util.List;

/**
 * EvaluateVersion: scores a snapshot's TEST split with a registered version and stores the metrics.
 * SimpleNet versions run their head on the cached patch embeddings; BGAD versions go through
 * {@link BgadVersionEvaluation} (the job's own scoring, without the known anomalies).
 */
public final class VersionEvaluator {

    private final ModelRegistry registry;
    private final DatasetClient dataset;
    private final FeatureClient features;
    private final SnapshotFeatures snapshotFeatures;
    private final BgadVersionEvaluation bgad;

    /** @param levelBatchSize images per ExtractBatch call for BGAD's float32 level maps (keep it small) */
    public VersionEvaluator(ModelRegistry registry, DatasetClient dataset, FeatureClient features,
                            SnapshotFeatures snapshotFeatures, int levelBatchSize) {
        this.registry = registry;
        this.dataset = dataset;
        this.features = features;
        this.snapshotFeatures = snapshotFeatures;
        this.bgad = new BgadVersionEvaluation(registry, dataset, features, levelBatchSize);
    }

    /**
     * @param snapshotId "" = the version's own snapshot
     * @throws TrainingException NOT_FOUND (model, version, snapshot), FAILED_PRECONDITION (another
     *                           backbone, no test images, an incomplete manifest), UNAVAILABLE (a
     *                           dependency is down)
     */
    public Metrics evaluate(String modelName, int version, String snapshotId) throws Exception {
        ModelVersion found = registry.get(modelName, version);
        ModelManifest manifest = found.getManifest();
        Snapshot snapshot = dataset.getSnapshot(snapshotId.isEmpty() ? manifest.getSnapshotId() : snapshotId);
        BackboneInfo backbone = features.backbone(manifest.getBackbone().getId());
        if (!backbone.getSha256().equals(manifest.getBackbone().getSha256())) {
            throw TrainingException.failedPrecondition("feature service backbone " + backbone.getId() + " has sha256 "
                    + backbone.getSha256() + ", the version was trained on " + manifest.getBackbone().getSha256());
        }
        if (manifest.getMethod() == Method.BGAD) {
            Metrics metrics = bgad.evaluate(found, snapshot, backbone);
            registry.storeMetrics(modelName, found.getVersion(), metrics);
            return metrics;
        }
        ModelArtifact head = manifest.getArtifactsList().stream().filter(a -> a.getRole().equals("head")).findFirst()
                .orElseThrow(() -> TrainingException.failedPrecondition("version " + found.getVersion() + " of "
                        + modelName + " has no 'head' artifact (method " + manifest.getMethod() + ")"));
        CancellationToken never = new CancellationToken("evaluation");
        try (SnapshotFeatures.Loaded loaded = snapshotFeatures.load(snapshot.getId(), backbone,
                manifest.getPreprocessing(), r -> r.getSplit() == Split.TEST && r.getLabel() != Label.LABEL_UNSPECIFIED,
                0, never, (d, t) -> { });
             OnnxHeadScorer scorer = new OnnxHeadScorer(registry.artifact(modelName, found.getVersion(), head.getFile()))) {
            List<SnapshotFeatures.Member> test = loaded.members();
            if (test.isEmpty()) {
                throw TrainingException.failedPrecondition("snapshot " + snapshot.getId() + " has no TEST images");
            }
            PostProcessingConfig post = PostProcessingConfig.simpleNet(manifest.getPostProcessing().getMapSize());
            HeadEvaluation evaluation = new HeadEvaluation(scorer, post, loaded.gridSide());
            List<HeadEvaluation.Scored> scored = evaluation.score(snapshotFeatures.rows(loaded, test), never, i -> { });
            Metrics metrics = evaluation.metrics(test, scored, manifest.getCalibration().getImageThreshold(),
                    snapshot.getId());
            registry.storeMetrics(modelName, found.getVersion(), metrics);
            return metrics;
        }
    }
}
