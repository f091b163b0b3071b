package dev.inspection.feature.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inspection.feature.backbone.BackboneLevelSpec;
import dev.inspection.feature.backbone.BackboneManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the manifest of a custom backbone: a JSON file naming its outputs, strides, input
 * normalisation and size, e.g.
 * <pre>{"id": "wrn50", "input": "image", "resize_size": 329, "crop_size": 288,
 *  "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "embed_dim": 1536,
 *  "patch_levels": ["layer2", "layer3"],
 *  "levels": [{"name": "layer2", "channels": 512, "stride": 8}, {"name": "layer3", "channels": 1024, "stride": 16}]}</pre>
 */
final class BackboneManifestReader {

    private BackboneManifestReader() {
    }

    static BackboneManifest read(Path manifestFile, Path onnxFile, String sha256) throws IOException {
        JsonNode json = new ObjectMapper().readTree(manifestFile.toFile());
        List<BackboneLevelSpec> levels = new ArrayList<>();
        for (JsonNode level : required(json, "levels", manifestFile)) {
            levels.add(new BackboneLevelSpec(required(level, "name", manifestFile).asText(),
                    required(level, "channels", manifestFile).asInt(), required(level, "stride", manifestFile).asInt()));
        }
        List<String> patchLevels = new ArrayList<>();
        for (JsonNode name : required(json, "patch_levels", manifestFile)) {
            patchLevels.add(name.asText());
        }
        if (patchLevels.size() != 2) {
            throw new IOException(manifestFile + ": patch_levels must name exactly two levels (finer grid first)");
        }
        BackboneManifest manifest = new BackboneManifest(required(json, "id", manifestFile).asText(), onnxFile, sha256,
                json.path("input").asText("image"), levels, required(json, "resize_size", manifestFile).asInt(),
                required(json, "crop_size", manifestFile).asInt(), vector(json, "mean", manifestFile),
                vector(json, "std", manifestFile), patchLevels, json.path("embed_dim").asInt(1536));
        patchLevels.forEach(manifest::level);
        return manifest;
    }

    private static JsonNode required(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IOException(file + ": missing field '" + field + "'");
        }
        return value;
    }

    private static float[] vector(JsonNode json, String field, Path file) throws IOException {
        JsonNode values = required(json, field, file);
        if (!values.isArray() || values.size() != 3) {
            throw new IOException(file + ": '" + field + "' must be 3 numbers (R, G, B)");
        }
        return new float[]{(float) values.get(0).asDouble(), (float) values.get(1).asDouble(), (float) values.get(2).asDouble()};
    }
}
