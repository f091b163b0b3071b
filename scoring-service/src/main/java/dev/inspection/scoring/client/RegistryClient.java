package dev.inspection.scoring.client;

import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ArtifactChunk;
import dev.inspection.api.training.v1.DownloadArtifactRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.scoring.config.ScoringConfig;
import dev.inspection.api.grpc.ClientStreamContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/** The model registry (served by the training service): version manifests and artifact downloads. */
@ApplicationScoped
public class RegistryClient {

    private final RetryingCaller caller;
    private final ModelRegistryGrpc.ModelRegistryBlockingStub stub;

    public RegistryClient(ScoringConfig config) {
        var channel = Channels.open(config.registry(), "inspection.scoring.registry");
        this.caller = new RetryingCaller(channel, "model registry at " + config.registry(),
                config.registryDeadlineMs(), config.registryRetries(), config.retryBackoffMs());
        this.stub = ModelRegistryGrpc.newBlockingStub(channel);
    }

    /** A version with its manifest; version 0 = the registry's active version. */
    public ModelVersion getVersion(String modelName, int version) {
        GetVersionRequest request = GetVersionRequest.newBuilder().setModelName(modelName).setVersion(version).build();
        return caller.call(null, d -> stub.withDeadline(d).getVersion(request));
    }

    /**
     * Streams one artifact into {@code out}; a retry after UNAVAILABLE restarts the download, so
     * {@code out} must be re-openable: {@code target} is asked for a fresh stream per attempt.
     *
     * @return the number of bytes written
     */
    public long download(String modelName, int version, String file, StreamTarget target) {
        DownloadArtifactRequest request = DownloadArtifactRequest.newBuilder()
                .setModelName(modelName).setVersion(version).setFile(file).build();
        return caller.call(null, d -> {
            // The stream's own context ends it on the wire if writing fails half way.
            try (ClientStreamContext context = ClientStreamContext.open();
                 OutputStream out = target.open()) {
                return context.call(() -> {
                    long written = 0;
                    Iterator<ArtifactChunk> chunks = stub.withDeadline(d).downloadArtifact(request);
                    while (chunks.hasNext()) {
                        ArtifactChunk chunk = chunks.next();
                        chunk.getData().writeTo(out);
                        written += chunk.getData().size();
                    }
                    return written;
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
            } catch (Exception e) {
                throw new IllegalStateException("downloading " + file + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** Where a download attempt writes to. */
    @FunctionalInterface
    public interface StreamTarget {
        OutputStream open() throws IOException;
    }

    @PreDestroy
    void close() {
        Channels.close(caller.channel());
    }
}
