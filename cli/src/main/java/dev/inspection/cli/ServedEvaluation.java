package dev.inspection.cli;

import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.Verdict;
import dev.inspection.cli.report.ReportImage;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.metrics.EvaluationReport;
import dev.inspection.core.metrics.Evaluator;
import dev.inspection.core.metrics.ImageResult;
import dev.inspection.core.postprocess.PngImages;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the scoring service answered for a test split into the core evaluation and the report's
 * images. Image metrics use the served raw scores as they are. Pixel metrics use the served raw
 * float32 maps (the method's map before calibration), so they match the training service's own
 * evaluation; from a scoring service that sends only the normalised float16 map, that map is mapped back
 * through the manifest's pixel calibration, where the clamp to [0, 1] ties the pixels below the normal
 * median or far above the threshold (the pixel figures then come out somewhat lower).
 */
public final class ServedEvaluation {

    /** What the main job asks the scoring service for each test image. */
    public static final ScoreOptions REPORT_OPTIONS = ScoreOptions.newBuilder()
            .setOverlayPng(true).setMapFloat16(true).setRawMapFloat32(true).build();

    /**
     * @param evaluation the core evaluation (metrics, curves, histogram)
     * @param images     the report's images, in test-split order
     * @param threshold  the raw image threshold the verdicts used
     */
    public record Result(EvaluationReport evaluation, List<ReportImage> images, double threshold) {
    }

    private ServedEvaluation() {
    }

    /**
     * @param manifest  the scored version's manifest (preprocessing and pixel calibration)
     * @param records   the test images with their labels and masks
     * @param responses the scoring service's answers, one per record in the same order, with
     *                  {@link #REPORT_OPTIONS}
     */
    public static Result evaluate(ModelManifest manifest, List<ImageRecord> records, List<ScoreResponse> responses) {
        if (records.isEmpty()) {
            throw new CliException(ExitCodes.MISSING, "the dataset has no TEST images to evaluate");
        }
        if (records.size() != responses.size()) {
            throw new IllegalArgumentException(records.size() + " test images but " + responses.size() + " responses");
        }
        Preprocessor maskAligner = new Preprocessor(toSpec(manifest.getPreprocessing()));
        int mapSize = responses.get(0).getMapSize();
        if (mapSize != maskAligner.spec().cropSize()) {
            throw new IllegalStateException("the served map is " + mapSize + " px but the model's input is "
                    + maskAligner.spec().cropSize() + " px; masks cannot be aligned");
        }
        Calibration calibration = manifest.getCalibration();
        ImageDecoder decoder = new ImageDecoder();
        double threshold = responses.get(0).getThreshold();
        List<ImageResult> results = new ArrayList<>(records.size());
        List<ReportImage> images = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ImageRecord record = records.get(i);
            ScoreResponse response = responses.get(i);
            boolean anomalous = record.getLabel() == Label.ANOMALOUS;
            byte[] mask = anomalous && record.hasMask() && !record.getMask().getPng().isEmpty()
                    ? maskAligner.preprocessEncodedMask(decoder, record.getMask().getPng().toByteArray(),
                            "mask of " + record.getSourceName()) : null;
            float[] rawMap = rawPixelMap(response, mapSize, calibration);
            results.add(new ImageResult(response.getRawScore(), anomalous, record.getDefectType(), rawMap, mask));
            images.add(new ReportImage(record.getImageId(), record.getSourceName(), "test", anomalous,
                    record.getDefectType(), response.getRawScore(), response.getScore(),
                    response.getVerdict() == Verdict.ANOMALOUS, response.getOverlayPng().toByteArray(),
                    mask == null ? null : PngImages.encodeMask(mask, mapSize, mapSize), null));
        }
        EvaluationReport evaluation = new Evaluator(mapSize, mapSize).evaluate(results, threshold);
        return new Result(evaluation, images, threshold);
    }

    /**
     * The served raw map when there is one, else the normalised map back on the raw scale:
     * raw = threshold + (n - 0.5) * 2 * scale.
     */
    static float[] rawPixelMap(ScoreResponse response, int mapSize, Calibration calibration) {
        if (response.hasRawAnomalyMap()) {
            Tensor raw = response.getRawAnomalyMap();
            if (raw.getDtype() != DType.FLOAT32 || raw.getData().size() != 4 * mapSize * mapSize) {
                throw new IllegalStateException("the scoring service sent a raw map for " + response.getRequestId()
                        + " that is not float32 " + mapSize + "x" + mapSize + " (got " + raw.getDtype() + ", "
                        + raw.getData().size() + " bytes)");
            }
            return LittleEndian.toFloats(raw.getData().toByteArray());
        }
        Tensor map = response.getAnomalyMap();
        if (map.getDtype() != DType.FLOAT16 || map.getData().size() != 2 * mapSize * mapSize) {
            throw new IllegalStateException("the scoring service sent no float16 " + mapSize + "x" + mapSize
                    + " map for " + response.getRequestId() + " (got " + map.getDtype() + ", " + map.getData().size() + " bytes)");
        }
        float[] values = Float16.decode(map.getData().toByteArray());
        float gain = (float) (2 * calibration.getPixelScale());
        float offset = (float) calibration.getPixelThreshold();
        for (int p = 0; p < values.length; p++) {
            values[p] = offset + (values[p] - 0.5f) * gain;
        }
        return values;
    }

    /** The manifest's (fully resolved) preprocessing as the core spec. */
    static PreprocessingSpec toSpec(Preprocessing p) {
        PreprocessingSpec.Mode mode = p.getMode() == ResizeMode.RESIZE_WHOLE
                ? PreprocessingSpec.Mode.RESIZE_WHOLE : PreprocessingSpec.Mode.RESIZE_CENTER_CROP;
        if (p.getMeanCount() != 3 || p.getStdCount() != 3) {
            throw new IllegalArgumentException("the manifest's preprocessing needs 3 mean and 3 std values, got "
                    + p.getMeanList() + " / " + p.getStdList());
        }
        return new PreprocessingSpec(mode, p.getResizeSize(), p.getCropSize(),
                new float[] {p.getMean(0), p.getMean(1), p.getMean(2)}, new float[] {p.getStd(0), p.getStd(1), p.getStd(2)});
    }
}
