package dev.inspection.scoring.model;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.inspection.core.onnx.proto.OnnxProtos.AttributeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.GraphProto;
import dev.inspection.core.onnx.proto.OnnxProtos.ModelProto;
import dev.inspection.core.onnx.proto.OnnxProtos.NodeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.TensorProto;
import dev.inspection.core.tensor.LittleEndian;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of an exported SimpleNet head, read back from its ONNX graph when it has exactly the
 * exporter's shape ({@code Gemm(x, W [H, D], b, transB=1) -> LeakyRelu(alpha) -> Gemm(., w2 [1, H],
 * transB=1) -> Neg}): {@code patch_scores = -(w2 . LeakyReLU(W x + b))}. Any other graph gives
 * nothing, and the head is then served as it is.
 *
 * @param w1     first layer [hidden, dim] row-major (adaptor and batch norm folded in)
 * @param b1     first layer bias [hidden]
 * @param alpha  LeakyReLU slope
 * @param w2     output layer [hidden]
 */
public record FoldedHeadWeights(int dim, int hidden, float[] w1, float[] b1, float alpha, float[] w2) {

    private static final List<String> OP_TYPES = List.of("Gemm", "LeakyRelu", "Gemm", "Neg");

    /** Reads the weights of {@code onnx} when it is the exporter's graph for {@code input} -> {@code output}. */
    public static Optional<FoldedHeadWeights> read(byte[] onnx, String input, String output) {
        GraphProto graph;
        try {
            graph = ModelProto.parseFrom(onnx).getGraph();
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        List<NodeProto> nodes = graph.getNodeList();
        if (nodes.size() != OP_TYPES.size() || !nodes.stream().map(NodeProto::getOpType).toList().equals(OP_TYPES)) {
            return Optional.empty();
        }
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        NodeProto first = nodes.get(0);
        NodeProto activation = nodes.get(1);
        NodeProto second = nodes.get(2);
        NodeProto negation = nodes.get(3);
        boolean chained = first.getInputCount() == 3 && first.getInput(0).equals(input)
                && activation.getInput(0).equals(first.getOutput(0))
                && second.getInputCount() == 2 && second.getInput(0).equals(activation.getOutput(0))
                && negation.getInput(0).equals(second.getOutput(0)) && negation.getOutput(0).equals(output);
        if (!chained || !plainGemmTransB(first) || !plainGemmTransB(second)) {
            return Optional.empty();
        }
        TensorProto w1 = initializers.get(first.getInput(1));
        TensorProto b1 = initializers.get(first.getInput(2));
        TensorProto w2 = initializers.get(second.getInput(1));
        if (w1 == null || b1 == null || w2 == null || w1.getDimsCount() != 2 || w2.getDimsCount() != 2
                || w2.getDims(0) != 1 || w2.getDims(1) != w1.getDims(0) || b1.getDimsCount() != 1
                || b1.getDims(0) != w1.getDims(0)) {
            return Optional.empty();
        }
        int hidden = Math.toIntExact(w1.getDims(0));
        int dim = Math.toIntExact(w1.getDims(1));
        Optional<float[]> w1Values = floats(w1, (long) hidden * dim);
        Optional<float[]> b1Values = floats(b1, hidden);
        Optional<float[]> w2Values = floats(w2, hidden);
        if (w1Values.isEmpty() || b1Values.isEmpty() || w2Values.isEmpty()) {
            return Optional.empty();
        }
        float alpha = 0.01f; // ONNX LeakyRelu default
        for (AttributeProto a : activation.getAttributeList()) {
            if (a.getName().equals("alpha")) {
                alpha = a.getF();
            }
        }
        return Optional.of(new FoldedHeadWeights(dim, hidden, w1Values.get(), b1Values.get(), alpha, w2Values.get()));
    }

    /** Gemm with transB=1 and nothing else (alpha = beta = 1, transA = 0). */
    private static boolean plainGemmTransB(NodeProto gemm) {
        boolean transB = false;
        for (AttributeProto a : gemm.getAttributeList()) {
            switch (a.getName()) {
                case "transB" -> transB = a.getI() == 1;
                case "transA" -> {
                    if (a.getI() != 0) {
                        return false;
                    }
                }
                case "alpha", "beta" -> {
                    if (a.getF() != 1f) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return transB;
    }

    private static Optional<float[]> floats(TensorProto tensor, long count) {
        // External data (neither raw_data nor float_data filled) is not read: the head is then served as it is.
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            return Optional.empty();
        }
        float[] values = new float[Math.toIntExact(count)];
        if (!tensor.getRawData().isEmpty()) {
            if (tensor.getRawData().size() != 4L * count) {
                return Optional.empty();
            }
            LittleEndian.getFloats(tensor.getRawData().toByteArray(), 0, values, 0, values.length);
        } else if (tensor.getFloatDataCount() == count) {
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(values);
    }
}
