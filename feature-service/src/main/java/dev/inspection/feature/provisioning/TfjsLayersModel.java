package dev.inspection.feature.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF.js "layers-model": the Keras topology from {@code model.json} and its weights, read from
 * the weight shards concatenated in {@code weightsManifest[].paths} order (tensors straddle shard
 * boundaries). Weights are little-endian float32 in C order of their Keras shape.
 */
public final class TfjsLayersModel {

    /** One weight tensor in Keras layout. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    private record Slice(int[] shape, int byteOffset) {
    }

    private final Map<String, JsonNode> layers;
    private final Map<String, Slice> slices;
    private final ByteBuffer weightBytes;

    private TfjsLayersModel(Map<String, JsonNode> layers, Map<String, Slice> slices, ByteBuffer weightBytes) {
        this.layers = layers;
        this.slices = slices;
        this.weightBytes = weightBytes;
    }

    /** Loads {@code <modelDir>/model.json} and its shards from the package. */
    public static TfjsLayersModel load(NpmPackageFiles files, String modelDir) throws IOException {
        String dir = modelDir.endsWith("/") ? modelDir : modelDir + "/";
        JsonNode root = new ObjectMapper().readTree(files.read(dir + "model.json"));
        if (!"layers-model".equals(root.path("format").asText())) {
            throw new ProvisioningException(dir + "model.json is not a TF.js layers-model (format '"
                    + root.path("format").asText() + "')");
        }
        Map<String, JsonNode> layers = new LinkedHashMap<>();
        for (JsonNode layer : root.path("modelTopology").path("model_config").path("config").path("layers")) {
            layers.put(layer.path("name").asText(), layer);
        }
        if (layers.isEmpty()) {
            throw new ProvisioningException(dir + "model.json has no modelTopology.model_config.config.layers");
        }

        JsonNode groups = root.path("weightsManifest");
        List<byte[]> shards = new ArrayList<>();
        long totalBytes = 0;
        for (JsonNode group : groups) {
            for (JsonNode path : group.path("paths")) {
                byte[] shard = files.read(dir + path.asText());
                shards.add(shard);
                totalBytes += shard.length;
            }
        }
        if (totalBytes > Integer.MAX_VALUE) {
            throw new ProvisioningException("weight shards of " + dir + " exceed 2 GiB: " + totalBytes + " bytes");
        }
        ByteBuffer all = ByteBuffer.allocate((int) totalBytes).order(ByteOrder.LITTLE_ENDIAN);
        shards.forEach(all::put);
        shards.clear();

        // Offsets run on across groups exactly as the shard bytes were concatenated.
        Map<String, Slice> slices = new LinkedHashMap<>();
        long offset = 0;
        for (JsonNode group : groups) {
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                if (!"float32".equals(w.path("dtype").asText()) || w.has("quantization")) {
                    throw new ProvisioningException("weight " + name + " is " + w.path("dtype").asText()
                            + (w.has("quantization") ? " (quantized)" : "") + "; only plain float32 is supported");
                }
                int[] shape = new int[w.path("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asInt();
                    count *= shape[i];
                }
                slices.put(name, new Slice(shape, (int) offset));
                offset += 4 * count;
            }
        }
        if (offset != totalBytes) {
            throw new ProvisioningException("weightsManifest of " + dir + "model.json describes " + offset
                    + " bytes but the shards hold " + totalBytes);
        }
        return new TfjsLayersModel(Collections.unmodifiableMap(layers), slices, all);
    }

    /** Keras layer JSON ({@code name}, {@code class_name}, {@code config}, {@code inbound_nodes}) by name. */
    public JsonNode layer(String name) {
        JsonNode l = layers.get(name);
        if (l == null) {
            throw new ProvisioningException("model.json has no layer '" + name + "'");
        }
        return l;
    }

    public boolean hasLayer(String name) {
        return layers.containsKey(name);
    }

    public Map<String, JsonNode> layers() {
        return layers;
    }

    public boolean hasWeight(String name) {
        return slices.containsKey(name);
    }

    public int weightCount() {
        return slices.size();
    }

    /** Reads a weight tensor; its shape must equal {@code expectedShape}. */
    public Tensor weight(String name, int... expectedShape) {
        Slice s = slices.get(name);
        if (s == null) {
            throw new ProvisioningException("weightsManifest has no tensor '" + name + "'");
        }
        if (!java.util.Arrays.equals(s.shape(), expectedShape)) {
            throw new ProvisioningException("weight " + name + " has shape " + java.util.Arrays.toString(s.shape())
                    + ", expected " + java.util.Arrays.toString(expectedShape));
        }
        int count = 1;
        for (int d : s.shape()) {
            count *= d;
        }
        float[] values = new float[count];
        weightBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(s.byteOffset()).asFloatBuffer().get(values);
        return new Tensor(name, s.shape().clone(), values);
    }
}
