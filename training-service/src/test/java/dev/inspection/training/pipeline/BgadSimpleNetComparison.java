package dev.inspection.training.pipeline;

import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.training.evaluation.HeadEvaluation;
import dev.inspection.training.evaluation.OnnxHeadScorer;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A registered SimpleNet version's per-image results on its snapshot's TEST split, so that it can be
 * measured on the images a BGAD version is evaluated on (the TEST split minus that version's known
 * anomalies). The scores come from the job's own evaluation code, {@link HeadEvaluation} on the cached
 * features of {@link SnapshotFeatures} with the registered head; {@link #check} makes sure they
 * reproduce the metrics the job registered.
 */
final class BgadSimpleNetComparison {

    private final List<SnapshotFeatures.Member> members;
    private final List<HeadEvaluation.Scored> scored;
    private final ModelManifest manifest;

    private BgadSimpleNetComparison(List<SnapshotFeatures.Member> members, List<HeadEvaluation.Scored> scored,
                                    ModelManifest manifest) {
        this.members = members;
        this.scored = scored;
        this.manifest = manifest;
    }

    /** Scores the TEST split of the version's snapshot with the version's head (features from the cache). */
    static BgadSimpleNetComparison score(ModelRegistry registry, String model, int version, SnapshotFeatures features,
                                         BackboneInfo backbone) throws Exception {
        ModelManifest manifest = registry.get(model, version).getManifest();
        CancellationToken never = new CancellationToken("benchmark");
        PostProcessingConfig post = PostProcessingConfig.simpleNet(manifest.getPostProcessing().getMapSize());
        try (SnapshotFeatures.Loaded loaded = features.load(manifest.getSnapshotId(), backbone,
                manifest.getPreprocessing(), r -> r.getSplit() == Split.TEST && r.getLabel() != Label.LABEL_UNSPECIFIED,
                0, never, (d, t) -> { });
             OnnxHeadScorer scorer = new OnnxHeadScorer(registry.artifact(model, version, SimpleNetMethodTrainer.HEAD_FILE))) {
            List<HeadEvaluation.Scored> scored = new HeadEvaluation(scorer, post, loaded.gridSide())
                    .score(features.rows(loaded, loaded.members()), never, i -> { });
            return new BgadSimpleNetComparison(loaded.members(), scored, manifest);
        }
    }

    /**
     * @throws IllegalStateException when the scores do not give the registered metrics (beyond ONNX
     *                               Runtime's run-to-run rounding): they would not be the job's results
     */
    BgadSimpleNetComparison check() {
        Metrics all = without(Set.of());
        Metrics registered = manifest.getMetrics();
        if (all.getImages() != registered.getImages() || Math.abs(all.getImageAuroc() - registered.getImageAuroc()) > 1e-4
                || Math.abs(all.getPro() - registered.getPro()) > 1e-4) {
            throw new IllegalStateException("re-scored SimpleNet version gives image AUROC " + all.getImageAuroc()
                    + " and PRO " + all.getPro() + " on " + all.getImages() + " images, registered "
                    + registered.getImageAuroc() + " / " + registered.getPro() + " on " + registered.getImages());
        }
        return this;
    }

    /** Metrics on the TEST images whose ids are not in {@code excludedImageIds}. */
    Metrics without(Set<String> excludedImageIds) {
        List<SnapshotFeatures.Member> kept = new ArrayList<>(members.size());
        List<HeadEvaluation.Scored> keptScores = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!excludedImageIds.contains(members.get(i).imageId())) {
                kept.add(members.get(i));
                keptScores.add(scored.get(i));
            }
        }
        return HeadEvaluation.metrics(manifest.getPostProcessing().getMapSize(), kept, keptScores,
                manifest.getCalibration().getImageThreshold(), manifest.getSnapshotId());
    }
}
