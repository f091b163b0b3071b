package dev.inspection.training;

import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.config.TrainingServiceConfig;
import dev.inspection.training.evaluation.VersionEvaluator;
import dev.inspection.training.jobs.JobEvents;
import dev.inspection.training.jobs.JobManager;
import dev.inspection.training.jobs.JobStore;
import dev.inspection.api.model.v1.Method;
import dev.inspection.training.jobs.MethodPipelines;
import dev.inspection.training.pipeline.BgadJobPipeline;
import dev.inspection.training.pipeline.DiskFeatureStore;
import dev.inspection.training.pipeline.FeatureStore;
import dev.inspection.training.pipeline.MethodTrainer;
import dev.inspection.training.pipeline.SimpleNetJobPipeline;
import dev.inspection.training.pipeline.SimpleNetMethodTrainer;
import dev.inspection.training.pipeline.SnapshotFeatures;
import dev.inspection.training.registry.ModelRegistry;
import dev.inspection.training.registry.VersionFolders;
import dev.inspection.training.registry.VersionStore;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import dev.inspection.training.jobs.JobPipeline;
import java.nio.file.Path;
import java.util.Map;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Wires the plain-Java domain objects from configuration. */
@ApplicationScoped
public class TrainingBeans {

    /** Both services send feature maps and images over gRPC's 4 MiB default. */
    private static final int MAX_INBOUND_BYTES = 64 << 20;

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @Named("dataset")
    ManagedChannel datasetChannel(TrainingServiceConfig config) {
        return channel(config.datasetService());
    }

    @Produces
    @Singleton
    @Named("feature")
    ManagedChannel featureChannel(TrainingServiceConfig config) {
        return channel(config.featureService());
    }

    void closeDataset(@Disposes @Named("dataset") ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    void closeFeature(@Disposes @Named("feature") ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ManagedChannel channel(String target) {
        return ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(MAX_INBOUND_BYTES).build();
    }

    @Produces
    @Singleton
    DatasetClient datasetClient(@Named("dataset") ManagedChannel channel, TrainingServiceConfig config) {
        return new DatasetClient(channel, config.datasetService(), config.rpcDeadline(), config.streamDeadline(),
                config.connectTimeout());
    }

    @Produces
    @Singleton
    FeatureClient featureClient(@Named("feature") ManagedChannel channel, TrainingServiceConfig config) {
        return new FeatureClient(channel, config.featureService(), config.rpcDeadline(), config.connectTimeout());
    }

    /** The feature cache both methods' jobs use (SimpleNet patch embeddings, BGAD reduced normal rows). */
    @Produces
    @Singleton
    FeatureStore featureStore(TrainingServiceConfig config) {
        return new DiskFeatureStore(Path.of(config.featureCacheDir()), config.featureCacheMaxSize().asLongValue());
    }

    @Produces
    @Singleton
    SnapshotFeatures snapshotFeatures(DatasetClient dataset, FeatureClient features, FeatureStore featureStore,
                                      TrainingServiceConfig config) {
        return new SnapshotFeatures(dataset, features, featureStore, config.extractBatchSize());
    }

    @Produces
    @Singleton
    ModelRegistry modelRegistry(VersionStore store, TrainingServiceConfig config, Clock clock) {
        return new ModelRegistry(new VersionFolders(Path.of(config.registryDir())), store, clock);
    }

    @Produces
    @Singleton
    @DefaultBean
    MethodTrainer methodTrainer() {
        return new SimpleNetMethodTrainer();
    }

    @Produces
    @Singleton
    JobEvents jobEvents() {
        return new JobEvents();
    }

    @Produces
    @Singleton
    JobManager jobManager(JobStore store, DatasetClient dataset, FeatureClient features, SnapshotFeatures snapshotFeatures,
                          FeatureStore featureStore, MethodTrainer trainer, ModelRegistry registry, JobEvents events,
                          TrainingServiceConfig config, Clock clock) {
        Path work = Path.of(config.registryDir()).toAbsolutePath().resolve(VersionFolders.WORK_DIR);
        SimpleNetJobPipeline simpleNet = new SimpleNetJobPipeline(dataset, features, snapshotFeatures, () -> trainer,
                registry, work, clock);
        BgadJobPipeline bgad = new BgadJobPipeline(dataset, features, featureStore, registry, work, clock,
                levelBatchSize(config));
        JobPipeline pipeline = new MethodPipelines(Map.of(Method.SIMPLENET, simpleNet, Method.BGAD, bgad));
        return new JobManager(store, pipeline, events, clock, config.workers(), config.queueCapacity(),
                config.cancelWait());
    }

    void closeJobs(@Disposes JobManager manager) {
        manager.close();
    }

    @Produces
    @Singleton
    VersionEvaluator versionEvaluator(ModelRegistry registry, DatasetClient dataset, FeatureClient features,
                                      SnapshotFeatures snapshotFeatures, TrainingServiceConfig config) {
        return new VersionEvaluator(registry, dataset, features, snapshotFeatures, levelBatchSize(config));
    }

    /** float32 level maps of a 256 input are ~7 MB per image: at most 4 per ExtractBatch call. */
    private static int levelBatchSize(TrainingServiceConfig config) {
        return Math.min(4, config.extractBatchSize());
    }
}
