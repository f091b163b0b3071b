package dev.inspection.feature.provisioning;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The old keras_applications ResNet50 v1 ("res2a_branch2a" naming) that the TF.js model holds:
 * its convolution units with their ONNX names (PROVENANCE.md section 4) and a check that
 * model.json really describes that network (section 2) before any weight is trusted.
 */
public final class KerasResNet50Topology {

    /** A Conv2D + BatchNormalization pair and where it goes in the ONNX trunk. */
    public record ConvUnit(String kerasConv, String kerasBn, String onnxName,
                           int cIn, int cOut, int kernel, int stride, int pad) {
    }

    /** One bottleneck block; {@code shortcut} is null for identity shortcuts. */
    public record Block(int stage, int index, ConvUnit reduce, ConvUnit spatial, ConvUnit expand, ConvUnit shortcut) {
        /** Keras name of the block, e.g. {@code res3a}. */
        public String kerasName() {
            return "res" + stage + BLOCK_LETTERS.charAt(index);
        }
    }

    /** Stage number, blocks, bottleneck width, output channels (stages 2..5 = torchvision layer1..4). */
    private static final int[][] STAGES = {{2, 3, 64, 256}, {3, 4, 128, 512}, {4, 6, 256, 1024}, {5, 3, 512, 2048}};
    private static final String BLOCK_LETTERS = "abcdef";

    private KerasResNet50Topology() {
    }

    public static ConvUnit stem() {
        return new ConvUnit("conv1", "bn_conv1", "conv1", 3, 64, 7, 2, 3);
    }

    /** Output channels of stage {@code stage} (2..5). */
    public static int stageChannels(int stage) {
        return STAGES[stage - 2][3];
    }

    /** Bottleneck blocks of stages 2..{@code lastStage}, in execution order. */
    public static List<Block> blocks(int lastStage) {
        List<Block> blocks = new ArrayList<>();
        int cIn = 64;
        for (int[] st : STAGES) {
            int stage = st[0], count = st[1], width = st[2], out = st[3];
            if (stage > lastStage) {
                break;
            }
            for (int b = 0; b < count; b++) {
                String k = "res" + stage + BLOCK_LETTERS.charAt(b) + "_branch";
                String bn = "bn" + stage + BLOCK_LETTERS.charAt(b) + "_branch";
                String onnx = "layer" + (stage - 1) + "." + b + ".";
                int stride = (b == 0 && stage > 2) ? 2 : 1; // Keras v1: stride on the first 1x1 conv
                int blockIn = b == 0 ? cIn : out;
                blocks.add(new Block(stage, b,
                        new ConvUnit(k + "2a", bn + "2a", onnx + "conv1", blockIn, width, 1, stride, 0),
                        new ConvUnit(k + "2b", bn + "2b", onnx + "conv2", width, width, 3, 1, 1),
                        new ConvUnit(k + "2c", bn + "2c", onnx + "conv3", width, out, 1, 1, 0),
                        b == 0 ? new ConvUnit(k + "1", bn + "1", onnx + "downsample", blockIn, out, 1, stride, 0) : null));
            }
            cIn = out;
        }
        return blocks;
    }

    /**
     * Checks every layer fact the conversion relies on (filters, kernels, strides, padding, biases,
     * BN axis/centre/scale, shortcut layout, head) and returns the single BN epsilon.
     */
    public static double checkAndReadEpsilon(TfjsLayersModel model) {
        Set<Double> epsilons = new TreeSet<>();
        for (JsonNode layer : model.layers().values()) {
            if ("BatchNormalization".equals(layer.path("class_name").asText())) {
                JsonNode c = layer.path("config");
                String name = layer.path("name").asText();
                require(c.path("axis").size() == 1 && c.path("axis").get(0).asInt() == 3, name, "axis [3]");
                require(c.path("center").asBoolean() && c.path("scale").asBoolean(), name, "center and scale");
                epsilons.add(c.path("epsilon").asDouble());
            }
        }
        require(epsilons.size() == 1, "BatchNormalization layers", "one common epsilon, found " + epsilons);

        requirePadding(model, "conv1_pad", 3);
        checkConv(model, stem().kerasConv(), 64, 7, 2, "valid");
        requirePadding(model, "pool1_pad", 1);
        JsonNode pool = model.layer("max_pooling2d").path("config");
        require(intPair(pool.path("pool_size"), 3) && intPair(pool.path("strides"), 2)
                && "valid".equals(pool.path("padding").asText()), "max_pooling2d", "3x3 stride 2 valid");
        for (Block b : blocks(5)) {
            checkUnit(model, b.reduce(), "valid");
            checkUnit(model, b.spatial(), "same");
            checkUnit(model, b.expand(), "valid");
            if (b.shortcut() != null) {
                checkUnit(model, b.shortcut(), "valid");
            } else {
                require(!model.hasLayer(b.kerasName() + "_branch1"), b.kerasName(), "an identity shortcut");
            }
        }
        require("GlobalAveragePooling2D".equals(model.layer("avg_pool").path("class_name").asText()),
                "avg_pool", "GlobalAveragePooling2D");
        require(model.layer("fc1000").path("config").path("units").asInt() == 1000, "fc1000", "1000 units");
        return epsilons.iterator().next();
    }

    private static void checkUnit(TfjsLayersModel model, ConvUnit u, String padding) {
        checkConv(model, u.kerasConv(), u.cOut(), u.kernel(), u.stride(), padding);
        require("BatchNormalization".equals(model.layer(u.kerasBn()).path("class_name").asText()),
                u.kerasBn(), "a BatchNormalization");
    }

    private static void checkConv(TfjsLayersModel model, String name, int filters, int kernel, int stride,
                                  String padding) {
        JsonNode l = model.layer(name);
        JsonNode c = l.path("config");
        require("Conv2D".equals(l.path("class_name").asText()), name, "a Conv2D");
        require(c.path("filters").asInt() == filters, name, filters + " filters");
        require(intPair(c.path("kernel_size"), kernel), name, "kernel " + kernel + "x" + kernel);
        require(intPair(c.path("strides"), stride), name, "stride " + stride);
        require(padding.equals(c.path("padding").asText()), name, "padding '" + padding + "'");
        require(c.path("use_bias").asBoolean(), name, "a bias");
        require("linear".equals(c.path("activation").asText()), name, "linear activation");
        require(intPair(c.path("dilation_rate"), 1), name, "dilation 1");
        require("channels_last".equals(c.path("data_format").asText()), name, "channels_last");
    }

    private static void requirePadding(TfjsLayersModel model, String name, int pad) {
        JsonNode p = model.layer(name).path("config").path("padding");
        require(p.size() == 2 && intPair(p.get(0), pad) && intPair(p.get(1), pad), name,
                "zero padding " + pad + " on every side");
    }

    private static boolean intPair(JsonNode n, int v) {
        return n.size() == 2 && n.get(0).asInt() == v && n.get(1).asInt() == v;
    }

    private static void require(boolean ok, String layer, String expected) {
        if (!ok) {
            throw new ProvisioningException("model.json is not the expected Keras ResNet50 v1: layer "
                    + layer + " should have " + expected);
        }
    }
}
