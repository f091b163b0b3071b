package dev.inspection.training.pipeline;

import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.training.clients.DatasetClient;
import dev.inspection.training.clients.FeatureClient;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobContext;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.TrainingStep;
import dev.inspection.training.registry.InMemoryVersionStore;
import dev.inspection.training.registry.ModelRegistry;
import dev.inspection.training.registry.VersionFolders;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Job pipelines against real gRPC: in-test dataset and feature services on local ports, clients as
 * the service builds them, a registry in a folder with an in-memory version table.
 */
final class BgadJobRig implements AutoCloseable {

    /** What a pipeline reported through its {@link JobContext}. */
    static final class Recorder implements JobContext {
        final CancellationToken token = new CancellationToken("test");
        final List<JobPhase> phases = new CopyOnWriteArrayList<>();
        final List<TrainingStep> steps = new CopyOnWriteArrayList<>();
        private final Consumer<String> log;
        private final Consumer<TrainingStep> onStep;

        Recorder(Consumer<String> log, Consumer<TrainingStep> onStep) {
            this.log = log;
            this.onStep = onStep;
        }

        @Override
        public CancellationToken cancellation() {
            return token;
        }

        @Override
        public void phase(JobPhase phase, String message) {
            phases.add(phase);
            log.accept(phase + ": " + message);
        }

        @Override
        public void snapshot(String snapshotId) {
        }

        @Override
        public void progress(double progress, String message) {
        }

        @Override
        public void trainingStep(TrainingStep step, double progress) {
            steps.add(step);
            onStep.accept(step);
        }
    }

    final TrunkFeatureService featureService;
    final ModelRegistry registry;
    final InMemoryVersionStore versions = new InMemoryVersionStore();
    final DatasetClient dataset;
    final FeatureClient features;
    final Path registryRoot;
    private final Server datasetServer;
    private final Server featureServer;
    private final ManagedChannel datasetChannel;
    private final ManagedChannel featureChannel;

    BgadJobRig(List<ImageRecord> records, Path trunk, int trunkThreads, Path registryRoot) throws Exception {
        this.registryRoot = registryRoot;
        featureService = new TrunkFeatureService(trunk, trunkThreads);
        datasetServer = ServerBuilder.forPort(0).addService(new RecordDatasetService(records))
                .maxInboundMessageSize(64 << 20).build().start();
        featureServer = ServerBuilder.forPort(0).addService(featureService).maxInboundMessageSize(64 << 20).build()
                .start();
        datasetChannel = channel(datasetServer.getPort());
        featureChannel = channel(featureServer.getPort());
        Duration rpc = Duration.ofMinutes(5);
        dataset = new DatasetClient(datasetChannel, "localhost:" + datasetServer.getPort(), rpc, Duration.ofMinutes(30),
                Duration.ofSeconds(30));
        features = new FeatureClient(featureChannel, "localhost:" + featureServer.getPort(), rpc, Duration.ofSeconds(30));
        registry = new ModelRegistry(new VersionFolders(registryRoot), versions, Clock.systemUTC());
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }

    /** A BGAD pipeline whose normal-row cache is the folder {@code feature-cache} beside the registry. */
    BgadJobPipeline bgadPipeline(int extractBatchSize) {
        return new BgadJobPipeline(dataset, features, new DiskFeatureStore(featureCacheDir()), registry,
                registryRoot.resolve(VersionFolders.WORK_DIR), Clock.systemUTC(), extractBatchSize);
    }

    Path featureCacheDir() {
        return registryRoot.resolveSibling("feature-cache");
    }

    /** @param snapshotId "" to freeze a new snapshot of the dataset */
    static JobRecord job(String model, Method method, String snapshotId, SortedMap<String, String> config,
                         Preprocessing preprocessing, long seed) {
        Instant now = Instant.now();
        return new JobRecord(UUID.randomUUID().toString(), model, method, JobState.RUNNING, JobPhase.SNAPSHOT,
                RecordDatasetService.DATASET_ID, snapshotId, config.get("preset"), config, preprocessing, "", true, seed, "", 0,
                now, now, null);
    }

    @Override
    public void close() throws Exception {
        datasetChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        featureChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        datasetServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        featureServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        featureService.close();
    }
}
