package dev.inspection.scoring.testing;

import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.api.model.v1.BackboneRef;
import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.PostProcessing;

import dev.inspection.core.digest.Sha256;
import java.util.Map;

/** Version folders (manifest + head ONNX) as the training service would register them. */
public final class TestVersions {

    public static final String HEAD_FILE = "head.onnx";

    private TestVersions() {
    }

    /** A manifest and the files it names. */
    public record Built(ModelManifest manifest, Map<String, byte[]> files) {

        public byte[] head() {
            return files.get(HEAD_FILE);
        }
    }

    public static Built simpleNet(String model, int version, byte[] head, String backboneId, String backboneSha,
                                  Calibration calibration) {
        return simpleNet(model, version, head, Sha256.hex(head), backboneId, backboneSha, calibration);
    }

    /** With an explicit artifact checksum (to register a version whose file does not match it). */
    public static Built simpleNet(String model, int version, byte[] head, String headSha, String backboneId,
                                  String backboneSha, Calibration calibration) {
        ModelManifest manifest = ModelManifest.newBuilder()
                .setModelName(model)
                .setVersion(version)
                .setMethod(Method.SIMPLENET)
                .setBackbone(BackboneRef.newBuilder().setId(backboneId).setSha256(backboneSha)
                        .addLayers("layer2").addLayers("layer3"))
                .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_CENTER_CROP)
                        .setResizeSize(329).setCropSize(288))
                .addEmbeddingDims(SimpleNetHeads.EMBED_DIM)
                .setGridHeight(36)
                .setGridWidth(36)
                .setCalibration(calibration)
                .setPostProcessing(PostProcessing.newBuilder().setMapSize(288).setBlurSigma(4).setAlignCorners(false))
                .addArtifacts(ModelArtifact.newBuilder().setRole("head").setFile(HEAD_FILE).setSha256(headSha)
                        .addInputs("embeddings").addOutputs("patch_scores"))
                .build();
        return new Built(manifest, Map.of(HEAD_FILE, head));
    }

    public static Calibration calibration(double imageThreshold, double imageScale, double pixelThreshold,
                                          double pixelScale) {
        return Calibration.newBuilder().setImageThreshold(imageThreshold).setImageScale(imageScale)
                .setPixelThreshold(pixelThreshold).setPixelScale(pixelScale).setRule("test").setImages(1).build();
    }
}
