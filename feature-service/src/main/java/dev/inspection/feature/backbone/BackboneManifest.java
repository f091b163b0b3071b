package dev.inspection.feature.backbone;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the service must know to feed a backbone and read it: its ONNX file and checksum, the
 * input tensor's name, the output levels, default preprocessing and which levels SimpleNet
 * aggregates into patch embeddings.
 *
 * @param id           stable id clients name ("resnet50_keras_imagenet")
 * @param onnxFile     the graph
 * @param sha256       checksum of the graph file, recorded in every model manifest
 * @param inputName    name of the NCHW float input
 * @param levels       the outputs, shallowest first
 * @param resizeSize   default shorter side after resize
 * @param cropSize     default network input side
 * @param mean         per-channel mean of [0,1] RGB
 * @param std          per-channel std
 * @param patchLevels  the two levels aggregated into patch embeddings (finer grid first)
 * @param embedDim     patch embedding size
 */
public record BackboneManifest(String id, Path onnxFile, String sha256, String inputName, List<BackboneLevelSpec> levels,
                               int resizeSize, int cropSize, float[] mean, float[] std, List<String> patchLevels,
                               int embedDim) {

    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** The default backbone: the ImageNet ResNet50 trunk converted from Keras (PROVENANCE.md §6). */
    public static BackboneManifest resnet50KerasImagenet(Path onnxFile, String sha256) {
        return new BackboneManifest("resnet50_keras_imagenet", onnxFile, sha256, "image",
                List.of(new BackboneLevelSpec("layer1", 256, 4),
                        new BackboneLevelSpec("layer2", 512, 8),
                        new BackboneLevelSpec("layer3", 1024, 16)),
                329, 288, IMAGENET_MEAN.clone(), IMAGENET_STD.clone(), List.of("layer2", "layer3"), 1536);
    }

    public BackboneLevelSpec level(String name) {
        for (BackboneLevelSpec level : levels) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("backbone " + id + " has no level '" + name + "' (it has "
                + levels.stream().map(BackboneLevelSpec::name).toList() + ")");
    }

    /** Key/value form for logs and model manifests. */
    public Map<String, String> describe() {
        return Map.of("id", id, "sha256", sha256, "input", inputName,
                "levels", levels.toString(), "patch_levels", patchLevels.toString(), "embed_dim", Integer.toString(embedDim));
    }
}
