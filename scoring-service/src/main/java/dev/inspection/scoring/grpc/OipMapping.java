package dev.inspection.scoring.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.inference.InferParameter;
import dev.inspection.api.inference.InferTensorContents;
import dev.inspection.api.inference.ModelInferRequest;
import dev.inspection.api.inference.ModelInferResponse;
import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.core.tensor.LittleEndian;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol v2 to and from the scoring engine: one BYTES input "image" holding an
 * encoded file; outputs "score", "raw_score", "label" and "anomaly_map". Outputs come back in the
 * same encoding the request used: raw_output_contents (little-endian, as Triton does) when the image
 * came in raw_input_contents, typed contents otherwise.
 */
final class OipMapping {

    static final String INPUT_IMAGE = "image";
    static final String OUTPUT_SCORE = "score";
    static final String OUTPUT_RAW_SCORE = "raw_score";
    static final String OUTPUT_LABEL = "label";
    static final String OUTPUT_MAP = "anomaly_map";
    static final List<String> ALL_OUTPUTS = List.of(OUTPUT_SCORE, OUTPUT_RAW_SCORE, OUTPUT_LABEL, OUTPUT_MAP);
    static final String PARAM_THRESHOLD = "threshold";
    static final String PARAM_SENSITIVITY = "sensitivity";

    /** What a ModelInfer request asks for, validated. */
    record InferCall(String modelName, int version, Image image, ScoreOptions options, List<String> outputs,
                     boolean rawContents) {
    }

    private OipMapping() {
    }

    /** @throws ScoringException INVALID_ARGUMENT naming the bad field */
    static InferCall parse(ModelInferRequest request) {
        int version = version(request.getModelVersion());
        if (request.getInputsCount() != 1 || !INPUT_IMAGE.equals(request.getInputs(0).getName())) {
            throw ScoringException.invalidArgument("inputs must be exactly one tensor named '" + INPUT_IMAGE + "', got "
                    + request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).toList());
        }
        ModelInferRequest.InferInputTensor input = request.getInputs(0);
        if (!"BYTES".equals(input.getDatatype())) {
            throw ScoringException.invalidArgument("inputs[0].datatype must be BYTES, got '" + input.getDatatype() + "'");
        }
        if (!input.getShapeList().equals(List.of(1L))) {
            throw ScoringException.invalidArgument("inputs[0].shape must be [1] (one encoded image), got "
                    + input.getShapeList());
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        ByteString encoded = raw ? lengthPrefixed(request) : typedBytes(input);
        Image image = Image.newBuilder().setEncoded(encoded).setName(request.getId()).build();
        return new InferCall(request.getModelName(), version, image, options(request.getParametersMap()),
                outputs(request), raw);
    }

    static int version(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseUnsignedInt(text.trim());
        } catch (NumberFormatException e) {
            throw ScoringException.invalidArgument("model_version must be a version number or empty, got '" + text + "'");
        }
    }

    private static ByteString lengthPrefixed(ModelInferRequest request) {
        if (request.getRawInputContentsCount() != 1) {
            throw ScoringException.invalidArgument("raw_input_contents must hold one entry (for input 'image'), got "
                    + request.getRawInputContentsCount());
        }
        ByteString raw = request.getRawInputContents(0);
        if (raw.size() < 4) {
            throw ScoringException.invalidArgument("raw_input_contents[0] is shorter than its 4-byte length prefix");
        }
        long length = Integer.toUnsignedLong(raw.substring(0, 4).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                .getInt());
        if (length != raw.size() - 4) {
            throw ScoringException.invalidArgument("raw_input_contents[0] announces " + length + " bytes but holds "
                    + (raw.size() - 4) + " after the length prefix (one BYTES element expected)");
        }
        return raw.substring(4);
    }

    private static ByteString typedBytes(ModelInferRequest.InferInputTensor input) {
        if (!input.hasContents() || input.getContents().getBytesContentsCount() != 1) {
            throw ScoringException.invalidArgument("inputs[0].contents.bytes_contents must hold one encoded image, got "
                    + (input.hasContents() ? input.getContents().getBytesContentsCount() : 0) + " elements");
        }
        return input.getContents().getBytesContents(0);
    }

    private static ScoreOptions options(Map<String, InferParameter> parameters) {
        ScoreOptions.Builder options = ScoreOptions.newBuilder();
        InferParameter threshold = parameters.get(PARAM_THRESHOLD);
        if (threshold != null) {
            double value = number(PARAM_THRESHOLD, threshold);
            if (!Double.isFinite(value)) {
                throw ScoringException.invalidArgument("parameters.threshold must be finite, got " + value);
            }
            options.setImageThreshold(value);
        }
        InferParameter sensitivity = parameters.get(PARAM_SENSITIVITY);
        if (sensitivity != null) {
            options.setSensitivity(number(PARAM_SENSITIVITY, sensitivity));
        }
        return options.build();
    }

    private static double number(String name, InferParameter p) {
        switch (p.getParameterChoiceCase()) {
            case STRING_PARAM -> {
                try {
                    return Double.parseDouble(p.getStringParam().trim());
                } catch (NumberFormatException e) {
                    throw ScoringException.invalidArgument("parameters." + name + " must be a decimal number, got '"
                            + p.getStringParam() + "'");
                }
            }
            case INT64_PARAM -> {
                return p.getInt64Param();
            }
            default -> throw ScoringException.invalidArgument("parameters." + name
                    + " must be a string decimal or an int64, got " + p.getParameterChoiceCase());
        }
    }

    private static List<String> outputs(ModelInferRequest request) {
        if (request.getOutputsCount() == 0) {
            return ALL_OUTPUTS;
        }
        List<String> names = new ArrayList<>();
        for (ModelInferRequest.InferRequestedOutputTensor out : request.getOutputsList()) {
            if (!ALL_OUTPUTS.contains(out.getName())) {
                throw ScoringException.invalidArgument("outputs: unknown output '" + out.getName() + "' (known: "
                        + ALL_OUTPUTS + ")");
            }
            names.add(out.getName());
        }
        return names;
    }

    static ModelInferResponse response(ModelInferRequest request, InferCall call, ScoreResult result) {
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder()
                .setModelName(result.modelName())
                .setModelVersion(Integer.toString(result.modelVersion()))
                .setId(request.getId());
        for (String name : call.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder t = ModelInferResponse.InferOutputTensor.newBuilder().setName(name);
            InferTensorContents.Builder typed = InferTensorContents.newBuilder();
            ByteString raw;
            switch (name) {
                case OUTPUT_SCORE -> {
                    t.setDatatype("FP32").addShape(1);
                    typed.addFp32Contents((float) result.score());
                    raw = floats(new float[] {(float) result.score()});
                }
                case OUTPUT_RAW_SCORE -> {
                    t.setDatatype("FP32").addShape(1);
                    typed.addFp32Contents((float) result.rawScore());
                    raw = floats(new float[] {(float) result.rawScore()});
                }
                case OUTPUT_LABEL -> {
                    int label = result.anomalous() ? 1 : 0;
                    t.setDatatype("INT32").addShape(1);
                    typed.addIntContents(label);
                    raw = UnsafeByteOperations.unsafeWrap(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(0, label).array());
                }
                case OUTPUT_MAP -> {
                    t.setDatatype("FP32").addShape(1).addShape(result.mapSize()).addShape(result.mapSize());
                    // 83k values: build only the encoding that goes out.
                    raw = call.rawContents() ? floats(result.normalisedMap()) : null;
                    if (!call.rawContents()) {
                        for (float v : result.normalisedMap()) {
                            typed.addFp32Contents(v);
                        }
                    }
                }
                default -> throw new IllegalStateException("unhandled output " + name);
            }
            if (call.rawContents()) {
                b.addRawOutputContents(raw);
            } else {
                t.setContents(typed);
            }
            b.addOutputs(t);
        }
        return b.build();
    }

    private static ByteString floats(float[] values) {
        return UnsafeByteOperations.unsafeWrap(LittleEndian.toBytes(values));
    }
}
