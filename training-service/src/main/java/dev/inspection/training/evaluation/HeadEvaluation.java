package dev.inspection.training.evaluation;

import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.DefectTypeMetrics;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.core.metrics.EvaluationReport;
import dev.inspection.core.metrics.Evaluator;
import dev.inspection.core.metrics.ImageResult;
import dev.inspection.core.metrics.MetricSet;
import dev.inspection.core.postprocess.AnomalyMapPipeline;
import dev.inspection.core.postprocess.CalibrationFit;
import dev.inspection.core.postprocess.CalibrationFitter;
import dev.inspection.core.postprocess.PostProcessingConfig;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.pipeline.FeatureRows;
import dev.inspection.training.pipeline.SnapshotFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Scores images with an exported head through the serving post-processing (upsample, blur, image
 * score) and turns the results into a calibration (held-out normals) or test metrics.
 */
public final class HeadEvaluation {

    /** The raw pixel map and image score of one image. */
    public record Scored(double imageScore, float[] map) {
    }

    private final OnnxHeadScorer scorer;
    private final AnomalyMapPipeline maps;
    private final int mapSize;

    public HeadEvaluation(OnnxHeadScorer scorer, PostProcessingConfig postProcessing, int gridSide) {
        this.scorer = scorer;
        this.maps = new AnomalyMapPipeline(postProcessing, gridSide, gridSide);
        this.mapSize = postProcessing.mapSize();
    }

    /** Scores every image of {@code rows}; {@code onImage} hears the index after each. */
    public List<Scored> score(FeatureRows rows, CancellationToken cancellation, IntConsumer onImage) throws Exception {
        int n = rows.rowsPerImage();
        float[] features = new float[n * rows.dim()];
        float[] grid = new float[n];
        AnomalyMapPipeline.Workspace workspace = new AnomalyMapPipeline.Workspace();
        List<Scored> out = new ArrayList<>(rows.images());
        for (int i = 0; i < rows.images(); i++) {
            cancellation.throwIfCancelled();
            rows.read(i, features, 0);
            scorer.score(features, n, rows.dim(), grid);
            float[] map = new float[maps.mapPixels()];
            double image = maps.computeMap(grid, map, workspace);
            out.add(new Scored(image, map));
            onImage.accept(i);
        }
        return out;
    }

    /** Fits thresholds on held-out normal images (at least two). */
    public static CalibrationFit calibrate(List<Scored> normals) {
        double[] scores = new double[normals.size()];
        List<float[]> pixelMaps = new ArrayList<>(normals.size());
        for (int i = 0; i < scores.length; i++) {
            scores[i] = normals.get(i).imageScore();
            pixelMaps.add(normals.get(i).map());
        }
        return new CalibrationFitter().fit(scores, null, pixelMaps);
    }

    /** The manifest's calibration message. */
    public static Calibration toProto(CalibrationFit fit, Map<String, Double> constants) {
        return Calibration.newBuilder().setImageThreshold(fit.calibration().imageThreshold())
                .setImageScale(fit.calibration().imageScale()).setPixelThreshold(fit.calibration().pixelThreshold())
                .setPixelScale(fit.calibration().pixelScale()).setNormalScoreMean(fit.normalScoreMean())
                .setNormalScoreStd(fit.normalScoreStd()).setNormalScoreMax(fit.normalScoreMax()).setRule(fit.rule())
                .setImages(fit.images()).putAllConstants(constants).build();
    }

    /**
     * Test metrics of scored test images.
     *
     * @param imageThreshold the calibrated raw image threshold (accuracy figure)
     */
    public Metrics metrics(List<SnapshotFeatures.Member> members, List<Scored> scored, double imageThreshold,
                           String snapshotId) {
        return metrics(mapSize, members, scored, imageThreshold, snapshotId);
    }

    /** Test metrics of scored test images whose maps are {@code mapSize x mapSize} (any method). */
    public static Metrics metrics(int mapSize, List<SnapshotFeatures.Member> members, List<Scored> scored,
                                  double imageThreshold, String snapshotId) {
        List<ImageResult> results = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            SnapshotFeatures.Member m = members.get(i);
            results.add(new ImageResult(scored.get(i).imageScore(), m.anomalous(), m.defectType(), scored.get(i).map(),
                    m.mask()));
        }
        EvaluationReport report = new Evaluator(mapSize, mapSize).evaluate(results, imageThreshold);
        MetricSet all = report.overall();
        Metrics.Builder metrics = Metrics.newBuilder().setImageAuroc(all.imageAuroc()).setPixelAuroc(all.pixelAuroc())
                .setPro(all.pro()).setImageF1Max(all.imageF1().f1()).setPixelF1Max(all.pixelF1().f1())
                .setImageF1Threshold(all.imageF1().threshold()).setImages(all.images())
                .setAnomalousImages(all.anomalousImages()).setSnapshotId(snapshotId)
                .setImageAccuracyAtThreshold(report.imageAccuracyAtThreshold());
        for (Map.Entry<String, MetricSet> e : report.perDefectType().entrySet()) {
            MetricSet type = e.getValue();
            metrics.putPerDefectType(e.getKey(), DefectTypeMetrics.newBuilder().setImageAuroc(type.imageAuroc())
                    .setPixelAuroc(type.pixelAuroc()).setPro(type.pro())
                    .setImages(type.anomalousImages()).build());
        }
        return metrics.build();
    }
}
