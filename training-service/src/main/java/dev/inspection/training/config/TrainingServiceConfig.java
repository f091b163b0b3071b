package dev.inspection.training.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code inspection.training.*} settings (documented in application.properties). */
@ConfigMapping(prefix = "inspection.training")
public interface TrainingServiceConfig {

    /** Root folder of the model registry. */
    String registryDir();

    /** Root folder of the on-disk feature cache. */
    String featureCacheDir();

    /** What the feature cache may hold; least recently used snapshots' features are evicted beyond it. */
    @WithDefault("12G")
    MemorySize featureCacheMaxSize();

    /** host:port of the dataset service. */
    @WithDefault("localhost:8081")
    String datasetService();

    /** host:port of the feature service. */
    @WithDefault("localhost:8082")
    String featureService();

    /** Deadline of one unary call to a dependency. */
    @WithDefault("60S")
    Duration rpcDeadline();

    /** How long a call waits for a reconnecting dependency before it fails with UNAVAILABLE. */
    @WithDefault("5S")
    Duration connectTimeout();

    /** Deadline of one whole image stream from the dataset service. */
    @WithDefault("30M")
    Duration streamDeadline();

    /** Images per ExtractBatch call. */
    @WithDefault("8")
    int extractBatchSize();

    /** Jobs that run at once. */
    @WithDefault("1")
    int workers();

    /** Jobs that may wait beyond the running ones. */
    @WithDefault("16")
    int queueCapacity();

    /** How long CancelJob waits for a running job to stop. */
    @WithDefault("10S")
    Duration cancelWait();
}
