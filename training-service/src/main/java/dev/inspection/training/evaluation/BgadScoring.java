package dev.inspection.training.evaluation;

import dev.inspection.api.dataset.v1.Split;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.bgad.AnomalyMapper;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.training.bgad.LevelFeatureSource;
import dev.inspection.training.bgad.OnnxFlowScorer;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.pipeline.BgadSnapshotImages;
import dev.inspection.training.pipeline.SnapshotFeatures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Scores images with a BGAD version as the scoring service does: backbone levels from a
 * {@link LevelFeatureSource}, the exported flows on ONNX Runtime ({@link OnnxFlowScorer}) and
 * inspection-core's {@link AnomalyMapper} with the frozen constants. The one implementation behind a
 * BGAD job's calibration and evaluation and behind {@code EvaluateVersion} of a BGAD version, so a
 * re-evaluation reproduces the metrics the job registered.
 */
public final class BgadScoring {

    /** Images per feature-extraction call while scoring (float32 level maps: keep it small). */
    static final int SCORE_BATCH = 4;

    private final LevelFeatureSource source;
    private final PreprocessingSpec spec;
    private final OnnxFlowScorer flows;
    private final AnomalyMapper mapper;
    private final CancellationToken token;

    public BgadScoring(LevelFeatureSource source, PreprocessingSpec spec, OnnxFlowScorer flows, AnomalyMapper mapper,
                       CancellationToken token) {
        this.source = source;
        this.spec = spec;
        this.flows = flows;
        this.mapper = mapper;
        this.token = token;
    }

    /** The raw anomaly map and image score of each image; {@code onImage} hears the index after each. */
    public List<HeadEvaluation.Scored> score(List<RgbImage> images, IntConsumer onImage) throws Exception {
        List<HeadEvaluation.Scored> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += SCORE_BATCH) {
            token.throwIfCancelled();
            List<float[][]> levels = source.extract(images.subList(start, Math.min(images.size(), start + SCORE_BATCH)),
                    spec);
            for (float[][] raw : levels) {
                float[] map = mapper.anomalyMap(flows.logLikelihoods(raw));
                out.add(new HeadEvaluation.Scored(AnomalyMapper.imageScore(map), map));
                onImage.accept(out.size() - 1);
            }
        }
        return out;
    }

    /** The labelled TEST images without the version's known anomalies (BGAD trained on those). */
    public static List<BgadSnapshotImages.Encoded> withoutKnownAnomalies(List<BgadSnapshotImages.Encoded> test,
                                                                          Collection<String> knownImageIds) {
        Set<String> known = new HashSet<>(knownImageIds);
        return test.stream().filter(t -> !known.contains(t.imageId())).toList();
    }

    /**
     * Test metrics of {@code test} (decoded in small batches, masks aligned with the preprocessing).
     *
     * @param images         where {@code test} came from (decodes them)
     * @param imageThreshold the calibrated raw image threshold (accuracy figure)
     * @param onImage        hears the index of each scored image
     */
    public Metrics evaluate(BgadSnapshotImages images, List<BgadSnapshotImages.Encoded> test, double imageThreshold,
                            String snapshotId, IntConsumer onImage) throws Exception {
        Preprocessor maskAligner = new Preprocessor(spec);
        List<SnapshotFeatures.Member> members = new ArrayList<>(test.size());
        List<HeadEvaluation.Scored> scored = new ArrayList<>(test.size());
        for (int start = 0; start < test.size(); start += SCORE_BATCH) {
            List<BgadSnapshotImages.Encoded> batch = test.subList(start, Math.min(test.size(), start + SCORE_BATCH));
            List<RgbImage> decoded = new ArrayList<>(batch.size());
            for (BgadSnapshotImages.Encoded t : batch) {
                RgbImage image = images.decode(t);
                decoded.add(image);
                members.add(new SnapshotFeatures.Member(t.imageId(), Split.TEST, t.label(), t.defectType(),
                        t.mask() == null ? null : maskAligner.preprocessMask(t.mask(), image.width(), image.height())));
            }
            int offset = start;
            scored.addAll(score(decoded, i -> onImage.accept(offset + i)));
        }
        return HeadEvaluation.metrics(mapper.mapSize(), members, scored, imageThreshold, snapshotId);
    }
}
