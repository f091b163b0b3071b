package dev.inspection.training.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.GetJobRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.api.training.v1.TrainingServiceGrpc;
import dev.inspection.api.training.v1.WatchJobRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The check, measured (not a default test): a SimpleNet job on all of MVTec bottle through
 * the gRPC API of the packaged training service, with the packaged feature service computing the
 * features, an in-test dataset server holding every bottle file and an embedded PostgreSQL. Reports
 * the wall time from StartJob to the job's end (and when each phase began), the CPU time of the
 * training and feature service processes, and the registered version's stored metrics.
 *
 * <pre>
 * nice -n 5 mvn -o -pl feature-service,training-service -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=SimpleNetJobBenchmarkIT -Dbenchmark.excludedGroups=none -Dgroups=benchmark [-Dsimplenet.job.seed=0]
 * </pre>
 * Results go to stdout and {@code target/simplenet-job-benchmark/results.md}; the bar is the issue's
 * (cpu preset: image AUROC >= 0.995, pixel AUROC >= 0.975).
 */
@Tag("benchmark")
class SimpleNetJobBenchmarkIT {

    private static final String MODEL = "bottle-simplenet";

    @Test
    void bottleJobThroughTheApi() throws Exception {
        long seed = Long.getLong("simplenet.job.seed", 0);
        Path shared = SharedDir.get();
        Path out = Files.createDirectories(Path.of("target/simplenet-job-benchmark"));
        Path work = Files.createTempDirectory(out, "run-");
        int featurePort = freePort();
        int trainingPort = freePort();
        Server datasetServer = ServerBuilder.forPort(0)
                .addService(FakeDatasetService.wholeFolder(shared.resolve("data/mvtec_ad/bottle")))
                .maxInboundMessageSize(64 << 20).build().start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             PackagedService featureService = PackagedService.featureService(featurePort,
                     shared.resolve("models/resnet50_keras_imagenet/resnet50_trunk.onnx"), work.resolve("feature.log"));
             PackagedService trainingService = PackagedService.trainingService(trainingPort, "4g", List.of(
                     "quarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                     "quarkus.datasource.username=postgres",
                     "quarkus.datasource.password=postgres",
                     "inspection.training.dataset-service=127.0.0.1:" + datasetServer.getPort(),
                     "inspection.training.feature-service=127.0.0.1:" + featurePort,
                     "inspection.training.registry-dir=" + work.resolve("models"),
                     "inspection.training.feature-cache-dir=" + work.resolve("feature-cache")),
                     work.resolve("training.log"))) {
            featureService.start();
            trainingService.start();
            Duration featureCpu0 = featureService.cpuTime();
            Duration trainingCpu0 = trainingService.cpuTime();
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", trainingPort).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            try {
                TrainingServiceGrpc.TrainingServiceBlockingStub jobs = TrainingServiceGrpc.newBlockingStub(channel);
                long start = System.nanoTime();
                String jobId = jobs.withDeadlineAfter(1, TimeUnit.MINUTES).startJob(StartJobRequest.newBuilder()
                        .setModelName(MODEL).setMethod(Method.SIMPLENET).setDatasetId(FakeDatasetService.DATASET_ID)
                        .setPreset("cpu").setSeed(seed).build()).getId();
                StringBuilder phases = new StringBuilder();
                JobEvent last = follow(jobs, jobId, start, phases);
                double wallSeconds = (System.nanoTime() - start) / 1e9;
                double trainingCpu = (trainingService.cpuTime().minus(trainingCpu0)).toMillis() / 1e3;
                double featureCpu = (featureService.cpuTime().minus(featureCpu0)).toMillis() / 1e3;
                assertEquals(JobState.SUCCEEDED, last.getState(), last + "\n" + trainingService.tail());
                TrainingJob job = jobs.getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
                ModelVersion version = ModelRegistryGrpc.newBlockingStub(channel).getVersion(GetVersionRequest
                        .newBuilder().setModelName(MODEL).setVersion(job.getRegisteredVersion()).build());
                Metrics m = version.getManifest().getMetrics();
                String line = String.format(Locale.ROOT, "| bottle job | %d | %s | %.4f | %.4f | %.4f | %.4f | %.4f "
                                + "| %.4f | %.1f | %.1f | %.1f | %s |", seed, job.getConfigMap().get("steps"),
                        m.getImageAuroc(), m.getPixelAuroc(), m.getPro(), m.getImageF1Max(), m.getPixelF1Max(),
                        m.getImageAccuracyAtThreshold(), wallSeconds, trainingCpu, featureCpu, phases.toString().trim());
                System.out.println("| run | seed | steps | I-AUROC | P-AUROC | PRO@0.3 | I-F1max | P-F1max | acc@calib "
                        + "| wall s (StartJob to end) | training-service CPU s | feature-service CPU s | phase starts (s) |");
                System.out.println(line);
                System.out.println("manifest metrics: " + m);
                Files.writeString(out.resolve("results.md"), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                assertTrue(m.getImageAuroc() >= 0.995 && m.getPixelAuroc() >= 0.975, "below the bar: " + line);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            datasetServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Watches the job to its end, printing phase changes and every 100th step; returns the last event. */
    private static JobEvent follow(TrainingServiceGrpc.TrainingServiceBlockingStub jobs, String jobId, long start,
                                   StringBuilder phases) {
        Iterator<JobEvent> events = jobs.withDeadlineAfter(2, TimeUnit.HOURS)
                .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
        JobPhase phase = null;
        long printedStep = 0;
        JobEvent last = null;
        while (events.hasNext()) {
            last = events.next();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (last.getPhase() != phase) {
                phase = last.getPhase();
                phases.append(String.format(Locale.ROOT, "%s %.0f ", phase.name(), seconds));
                System.out.printf(Locale.ROOT, "[job %.0f s] %s %s%n", seconds, phase, last.getMessage());
            }
            if (last.getStep() >= printedStep + 100) {
                printedStep = last.getStep();
                System.out.printf(Locale.ROOT, "[job %.0f s] step %d/%d loss %.4f D(normal) %.3f D(noisy) %.3f "
                                + "eta %.0f s%n", seconds, last.getStep(), last.getSteps(), last.getLoss(),
                        last.getMeanDNormal(), last.getMeanDNoisy(), last.getEtaSeconds());
            }
        }
        if (last == null) {
            throw new AssertionError("no event for job " + jobId);
        }
        return last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
