package dev.inspection.scoring.grpc;

import com.google.protobuf.ByteString;
import dev.inspection.api.inference.InferParameter;
import dev.inspection.api.inference.InferTensorContents;
import dev.inspection.api.inference.ModelInferRequest;
import dev.inspection.api.inference.ModelInferResponse;
import dev.inspection.api.model.v1.Method;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OipMappingTest {

    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    private static ModelInferRequest.InferInputTensor.Builder imageInput() {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("image").setDatatype("BYTES").addShape(1);
    }

    private static ModelInferRequest typed() {
        return ModelInferRequest.newBuilder().setModelName("m").setId("id-1")
                .addInputs(imageInput().setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFrom(IMAGE)))).build();
    }

    private static ByteString prefixed(byte[] data, int announced) {
        return ByteString.copyFrom(ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(announced).put(data).array());
    }

    private static void assertInvalid(String fragment, ModelInferRequest request) {
        ScoringException e = assertThrows(ScoringException.class, () -> OipMapping.parse(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void typedBytesInputMapsToAnEncodedImageAndAllOutputs() {
        OipMapping.InferCall call = OipMapping.parse(typed());
        assertEquals("m", call.modelName());
        assertEquals(0, call.version());
        assertEquals(ByteString.copyFrom(IMAGE), call.image().getEncoded());
        assertEquals(OipMapping.ALL_OUTPUTS, call.outputs());
        assertFalse(call.rawContents());
        assertFalse(call.options().hasImageThreshold() || call.options().hasSensitivity());
    }

    @Test
    void rawInputContentsUseTheLengthPrefix() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("m").setModelVersion("3")
                .addInputs(imageInput()).addRawInputContents(prefixed(IMAGE, IMAGE.length))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("label"))
                .putParameters("threshold", InferParameter.newBuilder().setStringParam("1.25").build())
                .putParameters("sensitivity", InferParameter.newBuilder().setStringParam("0.7").build())
                .build();
        OipMapping.InferCall call = OipMapping.parse(request);
        assertEquals(3, call.version());
        assertTrue(call.rawContents());
        assertEquals(ByteString.copyFrom(IMAGE), call.image().getEncoded());
        assertEquals(List.of("label"), call.outputs());
        assertEquals(1.25, call.options().getImageThreshold());
        assertEquals(0.7, call.options().getSensitivity());

        assertInvalid("announces", request.toBuilder().setRawInputContents(0, prefixed(IMAGE, 99)).build());
    }

    @Test
    void badRequestsNameTheField() {
        assertInvalid("model_version", typed().toBuilder().setModelVersion("latest").build());
        assertInvalid("named 'image'", typed().toBuilder().setInputs(0, imageInput().setName("x")).build());
        assertInvalid("datatype", typed().toBuilder().setInputs(0, imageInput().setDatatype("FP32")).build());
        assertInvalid("shape", typed().toBuilder().setInputs(0, imageInput().clearShape().addShape(2)).build());
        assertInvalid("bytes_contents", typed().toBuilder().setInputs(0, imageInput()).build());
        assertInvalid("unknown output", typed().toBuilder().addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits")).build());
        assertInvalid("parameters.threshold", typed().toBuilder().putParameters("threshold",
                InferParameter.newBuilder().setStringParam("high").build()).build());
        assertInvalid("parameters.threshold", typed().toBuilder().putParameters("threshold",
                InferParameter.newBuilder().setStringParam("NaN").build()).build());
        assertInvalid("parameters.sensitivity", typed().toBuilder().putParameters("sensitivity",
                InferParameter.newBuilder().setBoolParam(true).build()).build());
    }

    private static ScoreResult result() {
        return new ScoreResult("m", 4, Method.SIMPLENET, 0.75, 2.5, true, 2.0, 2, new float[] {0.1f, 0.2f, 0.3f, 0.9f},
                null, null, null, null, null, List.of(), new ScoreResult.StageTimes(1, 2, 3, 6));
    }

    @Test
    void responsesUseTheRequestsEncoding() {
        ModelInferRequest request = typed();
        ModelInferResponse typed = OipMapping.response(request, OipMapping.parse(request), result());
        assertEquals("4", typed.getModelVersion());
        assertEquals("id-1", typed.getId());
        assertEquals(0, typed.getRawOutputContentsCount());
        assertEquals(0.75f, typed.getOutputs(0).getContents().getFp32Contents(0));
        assertEquals(2.5f, typed.getOutputs(1).getContents().getFp32Contents(0));
        assertEquals("INT32", typed.getOutputs(2).getDatatype());
        assertEquals(1, typed.getOutputs(2).getContents().getIntContents(0));
        assertEquals(List.of(1L, 2L, 2L), typed.getOutputs(3).getShapeList());
        assertEquals(List.of(0.1f, 0.2f, 0.3f, 0.9f), typed.getOutputs(3).getContents().getFp32ContentsList());

        ModelInferRequest rawRequest = request.toBuilder().setInputs(0, imageInput())
                .addRawInputContents(prefixed(IMAGE, IMAGE.length)).build();
        ModelInferResponse raw = OipMapping.response(rawRequest, OipMapping.parse(rawRequest), result());
        assertEquals(4, raw.getRawOutputContentsCount());
        assertFalse(raw.getOutputs(0).hasContents());
        assertEquals(2.5f, LittleEndian.getFloat(raw.getRawOutputContents(1).toByteArray(), 0));
        assertEquals(1, LittleEndian.getInt(raw.getRawOutputContents(2).toByteArray(), 0));
        assertEquals(0.9f, LittleEndian.getFloat(raw.getRawOutputContents(3).toByteArray(), 12));
    }
}
