package dev.inspection.feature.provisioning;

import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackboneVerifierTest {

    /** A graph with the trunk's contract (input, output names and shapes) but meaningless values. */
    private static byte[] wrongTrunk(float layer1Bias) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("fake_trunk");
        OnnxOps ops = new OnnxOps(g);
        String x = g.input("image", OnnxDim.parseShape("N,3,H,W"));
        int[] channels = {256, 512, 1024};
        int[] strides = {4, 2, 2};
        int cIn = 3;
        for (int level = 0; level < 3; level++) {
            float[] bias = new float[channels[level]];
            java.util.Arrays.fill(bias, level == 0 ? layer1Bias : 0f);
            String conv = ops.conv2d("c" + level, x, new float[channels[level] * cIn], channels[level], cIn, 1,
                    bias, strides[level], 0);
            x = g.op("Relu").inputs(conv).outputs("layer" + (level + 1)).add();
            g.output(x, OnnxDim.parseShape("N," + channels[level] + ",h,w"));
            cIn = channels[level];
        }
        return g.toBytes();
    }

    @Test
    void mismatchNamesTheLevelAndTheDifference() {
        BackboneVerificationException e = assertThrows(BackboneVerificationException.class,
                () -> new BackboneVerifier(l -> { }).verify(wrongTrunk(0f), null));
        assertEquals("layer1", e.level());
        assertTrue(e.maxAbsDiff() > 1e-3);
        assertTrue(e.getMessage().contains("output layer1 differs by max abs"), e.getMessage());
    }

    @Test
    void nanOutputsFailToo() {
        BackboneVerificationException e = assertThrows(BackboneVerificationException.class,
                () -> new BackboneVerifier(l -> { }).verify(wrongTrunk(Float.NaN), null));
        assertEquals("layer1", e.level());
    }
}
