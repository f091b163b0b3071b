package dev.inspection.cli;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.common.v1.Mask;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.Verdict;
import dev.inspection.core.postprocess.PngImages;
import java.util.List;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServedEvaluationTest {

    @Test
    void servedMapGoesBackToTheRawScaleThroughThePixelCalibration() {
        Calibration c = Calibration.newBuilder().setPixelThreshold(2.0).setPixelScale(0.5).build();
        ScoreResponse r = ScoreResponse.newBuilder().setAnomalyMap(Tensor.newBuilder().setDtype(DType.FLOAT16)
                .setData(ByteString.copyFrom(Float16.encode(new float[] {0.5f, 1f, 0f, 0.75f})))).build();
        assertArrayEquals(new float[] {2.0f, 2.5f, 1.5f, 2.25f}, ServedEvaluation.rawPixelMap(r, 2, c), 1e-6f);
    }

    @Test
    void aServedRawMapIsUsedAsItIsBeyondTheClampedRange() {
        Calibration c = Calibration.newBuilder().setPixelThreshold(2.0).setPixelScale(0.5).build();
        float[] raw = {-3f, 2f, 7.5f, 2.25f}; // 7.5 and -3 lie far outside what the clamped normalised map keeps
        ScoreResponse r = ScoreResponse.newBuilder()
                .setAnomalyMap(Tensor.newBuilder().setDtype(DType.FLOAT16)
                        .setData(ByteString.copyFrom(Float16.encode(new float[] {0f, 0.5f, 1f, 0.75f}))))
                .setRawAnomalyMap(Tensor.newBuilder().setDtype(DType.FLOAT32).addShape(2).addShape(2)
                        .setData(ByteString.copyFrom(LittleEndian.toBytes(raw)))).build();
        assertArrayEquals(raw, ServedEvaluation.rawPixelMap(r, 2, c), 0f);

        ScoreResponse wrongSize = r.toBuilder().setRequestId("b.png").setRawAnomalyMap(Tensor.newBuilder()
                .setDtype(DType.FLOAT32).setData(ByteString.copyFrom(new byte[8]))).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServedEvaluation.rawPixelMap(wrongSize, 2, c));
        assertEquals(true, e.getMessage().contains("b.png") && e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void aMissingMapIsAClearError() {
        ScoreResponse r = ScoreResponse.newBuilder().setRequestId("a.png").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServedEvaluation.rawPixelMap(r, 2, Calibration.getDefaultInstance()));
        assertEquals(true, e.getMessage().contains("a.png"));
    }

    private static ScoreResponse response(String id, double raw, float[] normalisedMap, boolean anomalous) {
        return ScoreResponse.newBuilder().setRequestId(id).setRawScore(raw).setScore(anomalous ? 0.9 : 0.1)
                .setThreshold(1.0).setVerdict(anomalous ? Verdict.ANOMALOUS : Verdict.NORMAL).setMapSize(8)
                .setOverlayPng(ByteString.copyFrom(PngImages.encodeGray(new byte[64], 8, 8)))
                .setAnomalyMap(Tensor.newBuilder().setDtype(DType.FLOAT16).setData(ByteString.copyFrom(Float16.encode(normalisedMap))))
                .build();
    }

    @Test
    void servedAnswersBecomeMetricsAndReportImages() {
        byte[] maskPixels = new byte[64];
        float[] hotMap = new float[64];
        for (int p = 0; p < 16; p++) {
            maskPixels[p] = (byte) 255;
            hotMap[p] = 0.9f;
        }
        ImageRecord normal = ImageRecord.newBuilder().setImageId("n").setSourceName("test/good/0.png")
                .setLabel(Label.NORMAL).setDefectType("good").build();
        ImageRecord crack = ImageRecord.newBuilder().setImageId("a").setSourceName("test/crack/0.png")
                .setLabel(Label.ANOMALOUS).setDefectType("crack").setHasMask(true)
                .setMask(Mask.newBuilder().setPng(ByteString.copyFrom(PngImages.encodeMask(maskPixels, 8, 8))).setWidth(8).setHeight(8))
                .build();
        ModelManifest manifest = ModelManifest.newBuilder()
                .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).setResizeSize(8).setCropSize(8)
                        .addMean(0.5f).addMean(0.5f).addMean(0.5f).addStd(0.2f).addStd(0.2f).addStd(0.2f))
                .setCalibration(Calibration.newBuilder().setPixelThreshold(1).setPixelScale(1)).build();

        ServedEvaluation.Result result = ServedEvaluation.evaluate(manifest, List.of(normal, crack),
                List.of(response("n", 0.5, new float[64], false), response("a", 2.0, hotMap, true)));

        assertEquals(1.0, result.evaluation().overall().imageAuroc());
        assertEquals(1.0, result.evaluation().overall().pixelAuroc(), 1e-9);
        assertEquals(java.util.Set.of("crack"), result.evaluation().perDefectType().keySet());
        assertEquals(1.0, result.threshold());
        assertEquals(2, result.images().size());
        assertEquals("test/crack/0.png", result.images().get(1).sourceName());
        assertEquals(true, result.images().get(1).predictedAnomalous());
        assertEquals(true, result.images().get(1).maskPng() != null);
        assertEquals(null, result.images().get(0).maskPng());
    }

    @Test
    void knownAnomaliesAreLeftOutOfTheEvaluation() {
        List<ImageRecord> test = List.of(ImageRecord.newBuilder().setImageId("a").setSourceName("test/crack/0.png").build(),
                ImageRecord.newBuilder().setImageId("b").build());
        ModelManifest manifest = ModelManifest.newBuilder().addKnownAnomalyImageIds("a").build();
        assertEquals(List.of(test.get(1)), MainJob.excludeKnownAnomalies(test, manifest));
        assertEquals(List.of("test/crack/0.png"), MainJob.knownAnomalyNames(test, manifest), "named for the report");
    }

    @Test
    void manifestPreprocessingBecomesTheCoreSpec() {
        Preprocessing p = Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_CENTER_CROP).setResizeSize(329)
                .setCropSize(288).addMean(0.485f).addMean(0.456f).addMean(0.406f)
                .addStd(0.229f).addStd(0.224f).addStd(0.225f).build();
        assertEquals(PreprocessingSpec.simpleNet(), ServedEvaluation.toSpec(p));
        assertThrows(IllegalArgumentException.class, () -> ServedEvaluation.toSpec(p.toBuilder().clearStd().build()));
    }
}
