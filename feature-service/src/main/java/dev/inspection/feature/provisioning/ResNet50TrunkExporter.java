package dev.inspection.feature.provisioning;

import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import dev.inspection.feature.provisioning.ConvBnFolding.FoldedConv;
import dev.inspection.feature.provisioning.KerasResNet50Topology.Block;
import dev.inspection.feature.provisioning.KerasResNet50Topology.ConvUnit;

import java.util.List;

/**
 * Emits the Keras ResNet50 trunk (conv1 .. stage 4, BN folded) as an opset-13 ONNX graph with the
 * contract of the shared {@code resnet50_trunk.onnx} (PROVENANCE.md section 6): input {@code image}
 * [N, 3, H, W], RGB, torchvision-normalised; outputs {@code layer1}, {@code layer2}, {@code layer3}
 * (strides 4/8/16, 256/512/1024 channels, post-ReLU).
 */
public final class ResNet50TrunkExporter {

    public static final String INPUT = "image";
    public static final List<String> OUTPUTS = List.of("layer1", "layer2", "layer3");

    /** torchvision normalisation the input contract uses (RGB). */
    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    /** Keras "caffe" preprocessing mean, BGR order as Keras states it. */
    static final double[] CAFFE_MEAN_BGR = {103.939, 116.779, 123.68};

    private static final int LAST_STAGE = 4;
    private static final String[] OUTPUT_DIM_SUFFIX = {"4", "8", "16"};

    private ResNet50TrunkExporter() {
    }

    /** Builds the trunk graph from the Keras weights; {@code epsilon} is the BN epsilon of model.json. */
    public static OnnxGraphBuilder export(TfjsLayersModel keras, double epsilon, NpmPackageSpec source) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("resnet50_keras_imagenet_trunk")
                .producer("inspection BackboneProvisioner", "1")
                .modelDocString("Keras ResNet50 v1 ImageNet weights (npm " + source + ", TF.js) truncated after "
                        + "conv4. Input 'image' N,3,H,W RGB normalised (x-mean)/std with mean=(0.485,0.456,0.406) "
                        + "std=(0.229,0.224,0.225). Outputs layer1/2/3 (strides 4/8/16, 256/512/1024 ch). "
                        + "See PROVENANCE.md.")
                .metadata("source.package", "npm:" + source)
                .metadata("source.integrity", source.integrity())
                .metadata("input.image", "N,3,H,W float32 RGB, (pixel/255 - mean)/std, "
                        + "mean=0.485,0.456,0.406 std=0.229,0.224,0.225")
                .metadata("outputs", "layer1 (stride 4, 256 ch), layer2 (stride 8, 512 ch), layer3 (stride 16, 1024 ch)")
                .metadata("bn_epsilon", Double.toString(epsilon));
        OnnxOps ops = new OnnxOps(g);

        String x = g.input(INPUT, OnnxDim.symbolic("N"), OnnxDim.fixed(3), OnnxDim.symbolic("H"), OnnxDim.symbolic("W"));
        // Explicit affine to Keras caffe space BEFORE conv1's zero padding (PROVENANCE.md section 5, step 5):
        // folding it into conv1 would make the padding act as 0 in normalised space instead of caffe space.
        float[][] affine = preprocessingAffine();
        x = ops.mul(x, ops.channelConstant("pre_scale", affine[0]));
        x = ops.add(x, ops.channelConstant("pre_shift", affine[1]));

        ConvUnit stem = KerasResNet50Topology.stem();
        // Keras conv1 consumes BGR; our input is RGB.
        x = ops.relu(conv(ops, stem, ConvBnFolding.reverseInputChannels(foldUnit(keras, stem, epsilon)), x));
        x = ops.maxPool2d(x, 3, 2, 1); // == Keras zero pad 1 + valid 3x3/2 pool, since its input is >= 0

        List<Block> blocks = KerasResNet50Topology.blocks(LAST_STAGE);
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            boolean lastOfStage = i + 1 == blocks.size() || blocks.get(i + 1).stage() != b.stage();
            String outputName = lastOfStage ? OUTPUTS.get(b.stage() - 2) : null;
            x = bottleneck(ops, keras, epsilon, b, x, outputName);
        }
        for (int level = 0; level < OUTPUTS.size(); level++) {
            String s = OUTPUT_DIM_SUFFIX[level];
            g.output(OUTPUTS.get(level), OnnxDim.symbolic("N"),
                    OnnxDim.fixed(KerasResNet50Topology.stageChannels(level + 2)),
                    OnnxDim.symbolic("H" + s), OnnxDim.symbolic("W" + s));
        }
        return g;
    }

    /** {@code {scale, shift}} mapping normalised RGB to Keras caffe values (still RGB order). */
    static float[][] preprocessingAffine() {
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = (float) (255.0 * IMAGENET_STD[c]);
            shift[c] = (float) (255.0 * IMAGENET_MEAN[c] - CAFFE_MEAN_BGR[2 - c]);
        }
        return new float[][] {scale, shift};
    }

    private static String bottleneck(OnnxOps ops, TfjsLayersModel keras, double eps, Block b, String x,
                                     String outputName) {
        String y = ops.relu(conv(ops, b.reduce(), foldUnit(keras, b.reduce(), eps), x));
        y = ops.relu(conv(ops, b.spatial(), foldUnit(keras, b.spatial(), eps), y));
        y = conv(ops, b.expand(), foldUnit(keras, b.expand(), eps), y);
        String shortcut = b.shortcut() == null ? x : conv(ops, b.shortcut(), foldUnit(keras, b.shortcut(), eps), x);
        String sum = ops.add(y, shortcut);
        OnnxGraphBuilder.NodeBuilder relu = ops.graph().op("Relu").inputs(sum);
        if (outputName != null) {
            relu.outputs(outputName);
        }
        return relu.add();
    }

    private static String conv(OnnxOps ops, ConvUnit u, FoldedConv f, String x) {
        return ops.conv2d(u.onnxName(), x, f.weight(), f.cOut(), f.cIn(), u.kernel(), f.bias(), u.stride(), u.pad());
    }

    static FoldedConv foldUnit(TfjsLayersModel keras, ConvUnit u, double eps) {
        int k = u.kernel();
        float[] kernel = keras.weight(u.kerasConv() + "/kernel", k, k, u.cIn(), u.cOut()).values();
        float[] bias = keras.weight(u.kerasConv() + "/bias", u.cOut()).values();
        String bn = u.kerasBn();
        return ConvBnFolding.fold(kernel, k, k, u.cIn(), u.cOut(), bias,
                keras.weight(bn + "/gamma", u.cOut()).values(),
                keras.weight(bn + "/beta", u.cOut()).values(),
                keras.weight(bn + "/moving_mean", u.cOut()).values(),
                keras.weight(bn + "/moving_variance", u.cOut()).values(),
                eps);
    }
}
