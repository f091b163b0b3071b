package dev.inspection.cli;

import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.scoring.v1.ActivateVersionRequest;
import dev.inspection.api.scoring.v1.ListServedModelsRequest;
import dev.inspection.api.scoring.v1.ScoreOptions;
import dev.inspection.api.scoring.v1.ScoreRequest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.ScoringServiceGrpc;
import dev.inspection.api.scoring.v1.ServedModel;
import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Scoring-service tasks shared by the {@code score}, {@code models activate} and bench commands and the main job. */
public final class ScoringOperations {

    private final ManagedChannel channel;
    private final GrpcTarget target;

    public ScoringOperations(ManagedChannel channel, GrpcTarget target) {
        this.channel = channel;
        this.target = target;
    }

    private ScoringServiceGrpc.ScoringServiceBlockingStub stub() {
        return ScoringServiceGrpc.newBlockingStub(channel).withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit());
    }

    /** Loads, warms up and activates a version in the scoring service (0 = the registry's active version). */
    public ServedModel activate(String modelName, int version) {
        return stub().activateVersion(ActivateVersionRequest.newBuilder().setModelName(modelName).setVersion(version).build());
    }

    public List<ServedModel> served() {
        return stub().listServedModels(ListServedModelsRequest.getDefaultInstance()).getModelsList();
    }

    /** Scores one encoded image with the active (version 0) or a pinned version. */
    public ScoreResponse score(String modelName, int version, String imageName, byte[] encoded, ScoreOptions options) {
        return stub().score(request(modelName, version, imageName, encoded, options));
    }

    private static ScoreRequest request(String modelName, int version, String imageName, byte[] encoded, ScoreOptions options) {
        return ScoreRequest.newBuilder().setRequestId(imageName).setModelName(modelName).setVersion(version)
                .setImage(Image.newBuilder().setEncoded(ByteString.copyFrom(encoded)).setName(imageName))
                .setOptions(options).build();
    }

    /** An image to score: a name for messages and its encoded bytes. */
    public record NamedImage(String name, byte[] encoded) {
    }

    /** Responses in input order, and the wall time they took. */
    public record Scored(List<ScoreResponse> responses, double seconds) {
        public double imagesPerSecond() {
            return seconds > 0 ? responses.size() / seconds : Double.NaN;
        }
    }

    /**
     * Scores every image with {@code clients} concurrent callers (the scoring service micro-batches
     * concurrent requests into one backbone run), showing progress. The first failure stops the rest
     * and is rethrown.
     */
    public Scored scoreAll(String modelName, int version, List<NamedImage> images, ScoreOptions options, int clients,
                           PrintStream progressOut) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, got " + clients);
        }
        ScoreResponse[] responses = new ScoreResponse[images.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ProgressBar bar = new ProgressBar(progressOut, "scoring");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "score-client");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < images.size(); ) {
                        NamedImage image = images.get(i);
                        responses[i] = score(modelName, version, image.name(), image.encoded(), options);
                        int n = done.incrementAndGet();
                        synchronized (bar) {
                            bar.update(n, images.size(), image.name());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            next.set(images.size());
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new CliException(ExitCodes.FAILED, "scoring failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted while scoring");
        } finally {
            pool.shutdownNow();
        }
        bar.finish();
        return new Scored(List.of(responses), (System.nanoTime() - start) / 1e9);
    }
}
