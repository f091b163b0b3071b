package dev.inspection.feature.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inspection.feature.provisioning.KerasResNet50Topology.Block;
import dev.inspection.feature.provisioning.KerasResNet50Topology.ConvUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KerasResNet50TopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trunkHas43ConvolutionsWithKerasV1Strides() {
        List<Block> trunk = KerasResNet50Topology.blocks(4);
        assertEquals(3 + 4 + 6, trunk.size());
        long convs = 1 + trunk.stream().mapToLong(b -> b.shortcut() == null ? 3 : 4).sum();
        assertEquals(43, convs);
        Block res3a = trunk.get(3);
        assertEquals("res3a", res3a.kerasName());
        assertEquals(new ConvUnit("res3a_branch2a", "bn3a_branch2a", "layer2.0.conv1", 256, 128, 1, 2, 0), res3a.reduce());
        assertEquals(new ConvUnit("res3a_branch2b", "bn3a_branch2b", "layer2.0.conv2", 128, 128, 3, 1, 1), res3a.spatial());
        assertEquals(new ConvUnit("res3a_branch1", "bn3a_branch1", "layer2.0.downsample", 256, 512, 1, 2, 0),
                res3a.shortcut());
        assertNull(trunk.get(4).shortcut());
        assertEquals(new ConvUnit("res4f_branch2c", "bn4f_branch2c", "layer3.5.conv3", 256, 1024, 1, 1, 0),
                trunk.get(12).expand());
    }

    @Test
    void acceptsTheKerasResNet50AndReadsItsEpsilon(@TempDir Path dir) throws IOException {
        assertEquals(0.001, KerasResNet50Topology.checkAndReadEpsilon(model(dir, layers -> { })), 0);
    }

    @Test
    void rejectsAStrideOnTheWrongConvolutionNamingTheLayer(@TempDir Path dir) throws IOException {
        TfjsLayersModel m = model(dir, layers -> config(layers, "res3a_branch2a").set("strides", pair(1)));
        ProvisioningException e = assertThrows(ProvisioningException.class,
                () -> KerasResNet50Topology.checkAndReadEpsilon(m));
        assertTrue(e.getMessage().contains("res3a_branch2a") && e.getMessage().contains("stride 2"), e.getMessage());
    }

    @Test
    void rejectsMixedBatchNormEpsilons(@TempDir Path dir) throws IOException {
        TfjsLayersModel m = model(dir, layers -> config(layers, "bn4b_branch2b").put("epsilon", 1.001e-5));
        ProvisioningException e = assertThrows(ProvisioningException.class,
                () -> KerasResNet50Topology.checkAndReadEpsilon(m));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
    }

    /** A model.json with the layer configs of Keras ResNet50 v1 (no weights), optionally mutated. */
    private static TfjsLayersModel model(Path dir, Consumer<ArrayNode> mutate) throws IOException {
        ArrayNode layers = JSON.createArrayNode();
        layer(layers, "conv1_pad", "ZeroPadding2D").set("padding", padding(3));
        conv(layers, KerasResNet50Topology.stem(), "valid");
        layer(layers, "pool1_pad", "ZeroPadding2D").set("padding", padding(1));
        ObjectNode pool = layer(layers, "max_pooling2d", "MaxPooling2D");
        pool.set("pool_size", pair(3));
        pool.set("strides", pair(2));
        pool.put("padding", "valid");
        for (Block b : KerasResNet50Topology.blocks(5)) {
            conv(layers, b.reduce(), "valid");
            conv(layers, b.spatial(), "same");
            conv(layers, b.expand(), "valid");
            if (b.shortcut() != null) {
                conv(layers, b.shortcut(), "valid");
            }
        }
        layer(layers, "avg_pool", "GlobalAveragePooling2D");
        layer(layers, "fc1000", "Dense").put("units", 1000);
        mutate.accept(layers);
        ObjectNode root = JSON.createObjectNode().put("format", "layers-model");
        root.putObject("modelTopology").putObject("model_config").putObject("config").set("layers", layers);
        root.putArray("weightsManifest").addObject().putArray("paths");
        Path model = Files.createDirectories(dir.resolve("ResNet50"));
        Files.writeString(model.resolve("model.json"), JSON.writeValueAsString(root));
        return TfjsLayersModel.load(NpmPackageFiles.fromDirectory(dir), "ResNet50");
    }

    private static void conv(ArrayNode layers, ConvUnit u, String padding) {
        ObjectNode c = layer(layers, u.kerasConv(), "Conv2D");
        c.put("filters", u.cOut());
        c.set("kernel_size", pair(u.kernel()));
        c.set("strides", pair(u.stride()));
        c.put("padding", padding);
        c.put("use_bias", true);
        c.put("activation", "linear");
        c.set("dilation_rate", pair(1));
        c.put("data_format", "channels_last");
        ObjectNode bn = layer(layers, u.kerasBn(), "BatchNormalization");
        bn.putArray("axis").add(3);
        bn.put("center", true);
        bn.put("scale", true);
        bn.put("epsilon", 0.001);
    }

    /** Appends {name, class_name, config} to {@code layers} and returns the config to fill in. */
    private static ObjectNode layer(ArrayNode layers, String name, String className) {
        ObjectNode l = layers.addObject();
        l.put("name", name);
        l.put("class_name", className);
        return l.putObject("config");
    }

    private static ObjectNode config(ArrayNode layers, String name) {
        for (var l : layers) {
            if (name.equals(l.path("name").asText())) {
                return (ObjectNode) l.path("config");
            }
        }
        throw new AssertionError("no layer " + name);
    }

    private static ArrayNode pair(int v) {
        return JSON.createArrayNode().add(v).add(v);
    }

    private static ArrayNode padding(int p) {
        ArrayNode a = JSON.createArrayNode();
        a.add(pair(p));
        a.add(pair(p));
        return a;
    }
}
