package dev.inspection.cli;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.tensor.Float16;
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
    void aMissingMapIsAClearError() {
        ScoreResponse r = ScoreResponse.newBuilder().setRequestId("a.png").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServedEvaluation.rawPixelMap(r, 2, Calibration.getDefaultInstance()));
        assertEquals(true, e.getMessage().contains("a.png"));
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
