package dev.inspection.core.onnx;

import dev.inspection.core.onnx.proto.OnnxProtos.GraphProto;
import dev.inspection.core.onnx.proto.OnnxProtos.ModelProto;
import dev.inspection.core.onnx.proto.OnnxProtos.NodeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.inspection.core.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.inspection.core.onnx.proto.OnnxProtos.TensorProto;
import dev.inspection.core.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.TypeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.ValueInfoProto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles one ONNX model (a single graph in the default domain) node by node and serialises it.
 *
 * <p>Values are referred to by name. Every node input must already be defined (graph input,
 * initializer or output of an earlier node), so the node list is topologically sorted by
 * construction, as ONNX requires. Names that a caller passes explicitly must be unused;
 * {@link #freshName(String)} hands out unique ones.
 *
 * <pre>{@code
 * OnnxGraphBuilder g = new OnnxGraphBuilder("head");
 * String x = g.input("x", OnnxDim.symbolic("N"), OnnxDim.fixed(4));
 * String w = g.floatInitializer("w", weights, 4, 2);
 * String y = g.op("MatMul").inputs(x, w).outputs("y").add();
 * g.output(y, OnnxDim.symbolic("N"), OnnxDim.fixed(2));
 * g.writeTo(path);
 * }</pre>
 */
public final class OnnxGraphBuilder {

    /** Default-domain opset the product targets. */
    public static final int DEFAULT_OPSET = 13;
    /** IR version 8 (ONNX 1.10): valid for opset 13 and read by every ONNX Runtime since 1.10. */
    public static final long IR_VERSION = 8;

    private final String graphName;
    private int opset = DEFAULT_OPSET;
    private String producerName = "inspection";
    private String producerVersion = "";
    private String modelDocString = "";
    private String graphDocString = "";
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<NodeProto> nodes = new ArrayList<>();

    /** Names of values that nodes may consume (inputs, initializers, node outputs). */
    private final Set<String> definedValues = new HashSet<>();
    /** Every name handed out or used for a value or node, so fresh names never collide. */
    private final Set<String> takenNames = new HashSet<>();
    private final Set<String> outputNames = new HashSet<>();
    private final Map<String, Integer> freshCounters = new HashMap<>();
    /** Names from {@link #freshName} not yet bound to a value: the caller may define them once. */
    private final Set<String> reservedFreshNames = new HashSet<>();

    public OnnxGraphBuilder(String graphName) {
        this.graphName = requireName(graphName, "graph name");
    }

    // ------------------------------------------------------------------ model-level settings

    public OnnxGraphBuilder opset(int version) {
        if (version < 7) {
            throw new IllegalArgumentException("opset must be >= 7, got " + version);
        }
        this.opset = version;
        return this;
    }

    public int opset() {
        return opset;
    }

    public OnnxGraphBuilder producer(String name, String version) {
        this.producerName = requireName(name, "producer name");
        this.producerVersion = version == null ? "" : version;
        return this;
    }

    public OnnxGraphBuilder modelDocString(String doc) {
        this.modelDocString = doc == null ? "" : doc;
        return this;
    }

    public OnnxGraphBuilder graphDocString(String doc) {
        this.graphDocString = doc == null ? "" : doc;
        return this;
    }

    /** Adds a model {@code metadata_props} entry (the product stores its manifest here). */
    public OnnxGraphBuilder metadata(String key, String value) {
        requireName(key, "metadata key");
        if (value == null) {
            throw new IllegalArgumentException("metadata '" + key + "' has a null value");
        }
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("metadata key '" + key + "' set twice");
        }
        return this;
    }

    public OnnxGraphBuilder metadata(Map<String, String> entries) {
        entries.forEach(this::metadata);
        return this;
    }

    // ------------------------------------------------------------------ names

    /**
     * A name not used so far: {@code hint} itself if free, else {@code hint_1}, {@code hint_2}, ...
     * The name is reserved, so the next call never returns it again.
     */
    public String freshName(String hint) {
        String name = uniqueName(hint);
        reservedFreshNames.add(name);
        return name;
    }

    private String uniqueName(String hint) {
        requireName(hint, "name hint");
        String candidate = hint;
        int n = freshCounters.getOrDefault(hint, 0);
        while (takenNames.contains(candidate)) {
            n++;
            candidate = hint + "_" + n;
        }
        freshCounters.put(hint, n);
        takenNames.add(candidate);
        return candidate;
    }

    /** Whether {@code name} is a value nodes can consume. */
    public boolean isDefined(String name) {
        return definedValues.contains(name);
    }

    // ------------------------------------------------------------------ inputs, initializers, outputs

    /** Declares a float32 graph input and returns its name. */
    public String input(String name, OnnxDim... dims) {
        defineValue(name, "graph input");
        inputs.add(valueInfo(name, dims));
        return name;
    }

    /** Declares an existing value as a float32 graph output with the given shape. */
    public OnnxGraphBuilder output(String valueName, OnnxDim... dims) {
        if (!definedValues.contains(valueName)) {
            throw new IllegalArgumentException("graph output '" + valueName + "' is not a defined value");
        }
        if (!outputNames.add(valueName)) {
            throw new IllegalArgumentException("graph output '" + valueName + "' declared twice");
        }
        outputs.add(valueInfo(valueName, dims));
        return this;
    }

    /** Adds a float32 constant (row-major {@code data} of shape {@code dims}); returns its name. */
    public String floatInitializer(String name, float[] data, long... dims) {
        TensorProto t = OnnxTensors.floatTensor(name, data, dims);
        defineValue(name, "initializer");
        initializers.add(t);
        return name;
    }

    /** Adds an int64 constant (e.g. a Reshape target shape); returns its name. */
    public String int64Initializer(String name, long[] data, long... dims) {
        TensorProto t = OnnxTensors.int64Tensor(name, data, dims);
        defineValue(name, "initializer");
        initializers.add(t);
        return name;
    }

    // ------------------------------------------------------------------ nodes

    /** Starts a node of the default ONNX domain; finish it with {@link NodeBuilder#add()}. */
    public NodeBuilder op(String opType) {
        return new NodeBuilder(requireName(opType, "op type"));
    }

    /** One node under construction. */
    public final class NodeBuilder {
        private final NodeProto.Builder proto = NodeProto.newBuilder();
        private final String opType;
        private final Set<String> attributeNames = new HashSet<>();
        private String[] explicitOutputs;

        private NodeBuilder(String opType) {
            this.opType = opType;
            proto.setOpType(opType);
        }

        /** Node inputs in operator order; {@code ""} marks an omitted optional input. */
        public NodeBuilder inputs(String... names) {
            for (String in : names) {
                if (in == null) {
                    throw new IllegalArgumentException(opType + ": null input name");
                }
                if (!in.isEmpty() && !definedValues.contains(in)) {
                    throw new IllegalArgumentException(opType + ": input '" + in
                            + "' is not defined (graph input, initializer or earlier node output)");
                }
                proto.addInput(in);
            }
            return this;
        }

        public NodeBuilder attr(OnnxAttribute attribute) {
            if (!attributeNames.add(attribute.name())) {
                throw new IllegalArgumentException(opType + ": attribute '" + attribute.name() + "' set twice");
            }
            proto.addAttribute(attribute.toProto());
            return this;
        }

        public NodeBuilder attr(String name, long value) {
            return attr(OnnxAttribute.ofInt(name, value));
        }

        public NodeBuilder attr(String name, float value) {
            return attr(OnnxAttribute.ofFloat(name, value));
        }

        public NodeBuilder attr(String name, String value) {
            return attr(OnnxAttribute.ofString(name, value));
        }

        public NodeBuilder ints(String name, long... values) {
            return attr(OnnxAttribute.ofInts(name, values));
        }

        public NodeBuilder floats(String name, float... values) {
            return attr(OnnxAttribute.ofFloats(name, values));
        }

        /** Explicit output names (must be unused); without this, fresh names are generated. */
        public NodeBuilder outputs(String... names) {
            this.explicitOutputs = names.clone();
            return this;
        }

        public NodeBuilder docString(String doc) {
            proto.setDocString(doc == null ? "" : doc);
            return this;
        }

        /** Adds a single-output node and returns the output name. */
        public String add() {
            String[] outs = add(1);
            return outs[0];
        }

        /** Adds a node with {@code outputCount} outputs and returns their names. */
        public String[] add(int outputCount) {
            if (outputCount < 1) {
                throw new IllegalArgumentException(opType + ": a node needs at least one output");
            }
            String[] outs;
            if (explicitOutputs != null) {
                if (explicitOutputs.length != outputCount) {
                    throw new IllegalArgumentException(opType + ": " + explicitOutputs.length
                            + " output names given but " + outputCount + " outputs requested");
                }
                outs = explicitOutputs;
                Set<String> distinct = new HashSet<>();
                for (String o : outs) {
                    requireName(o, opType + " output name");
                    if (!distinct.add(o) || (takenNames.contains(o) && !reservedFreshNames.contains(o))) {
                        throw new IllegalArgumentException(opType + " output name '" + o + "' is already used");
                    }
                }
                for (String o : outs) {
                    defineValue(o, opType + " output");
                }
            } else {
                String hint = opType.toLowerCase(java.util.Locale.ROOT);
                outs = new String[outputCount];
                for (int i = 0; i < outputCount; i++) {
                    outs[i] = uniqueName(hint);
                    definedValues.add(outs[i]);
                }
            }
            for (String o : outs) {
                proto.addOutput(o);
            }
            proto.setName(uniqueName(opType + "_node"));
            nodes.add(proto.build());
            return outs;
        }
    }

    // ------------------------------------------------------------------ serialisation

    /** The model message; fails if the graph has no output. */
    public ModelProto toModel() {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' has no outputs");
        }
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName(graphName)
                .addAllNode(nodes)
                .addAllInitializer(initializers)
                .addAllInput(inputs)
                .addAllOutput(outputs);
        if (!graphDocString.isEmpty()) {
            graph.setDocString(graphDocString);
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(producerName)
                .setProducerVersion(producerVersion)
                .setGraph(graph);
        if (!modelDocString.isEmpty()) {
            model.setDocString(modelDocString);
        }
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    public byte[] toBytes() {
        return toModel().toByteArray();
    }

    /**
     * Writes the model atomically: to a temporary file beside {@code target}, then moved over it,
     * so readers never see a half-written model.
     */
    public void writeTo(Path target) throws IOException {
        writeAtomically(toModel(), target);
    }

    static void writeAtomically(ModelProto model, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                model.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ internals

    private void defineValue(String name, String what) {
        requireName(name, what + " name");
        if (takenNames.contains(name) && !reservedFreshNames.remove(name)) {
            throw new IllegalArgumentException(what + " name '" + name + "' is already used");
        }
        takenNames.add(name);
        definedValues.add(name);
    }

    private static ValueInfoProto valueInfo(String name, OnnxDim[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (OnnxDim d : dims) {
            shape.addDim(d.toProto());
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must be non-blank");
        }
        return name;
    }

}
