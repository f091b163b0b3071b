package dev.inspection.training.grpc;

import com.google.protobuf.ByteString;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ActivateVersionRequest;
import dev.inspection.api.training.v1.ArtifactChunk;
import dev.inspection.api.training.v1.DownloadArtifactRequest;
import dev.inspection.api.training.v1.EvaluateVersionRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.ListModelsRequest;
import dev.inspection.api.training.v1.ListModelsResponse;
import dev.inspection.api.training.v1.ListVersionsRequest;
import dev.inspection.api.training.v1.ListVersionsResponse;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.training.evaluation.VersionEvaluator;
import dev.inspection.training.registry.ModelRegistry;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** ModelRegistry: request validation and mapping only; the work is in {@link ModelRegistry}. */
@GrpcService
@Blocking
public class ModelRegistryGrpcService extends ModelRegistryGrpc.ModelRegistryImplBase {

    static final int CHUNK_BYTES = 1 << 20;

    @Inject
    ModelRegistry registry;
    @Inject
    VersionEvaluator evaluator;

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
        try {
            responses.onNext(ListModelsResponse.newBuilder().addAllModels(registry.models()).build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void listVersions(ListVersionsRequest request, StreamObserver<ListVersionsResponse> responses) {
        try {
            responses.onNext(ListVersionsResponse.newBuilder().addAllVersions(registry.versions(request.getModelName()))
                    .build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<ModelVersion> responses) {
        try {
            responses.onNext(registry.get(request.getModelName(), request.getVersion()));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void activateVersion(ActivateVersionRequest request, StreamObserver<ModelVersion> responses) {
        try {
            responses.onNext(registry.activate(request.getModelName(), request.getVersion()));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<ArtifactChunk> responses) {
        ServerCallStreamObserver<ArtifactChunk> call = (ServerCallStreamObserver<ArtifactChunk>) responses;
        try {
            Path file = registry.artifact(request.getModelName(), request.getVersion(), request.getFile());
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[CHUNK_BYTES];
                boolean first = true;
                int read;
                while ((read = in.readNBytes(buffer, 0, CHUNK_BYTES)) > 0 || first) {
                    if (call.isCancelled()) {
                        return;
                    }
                    ArtifactChunk.Builder chunk = ArtifactChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, read));
                    if (first) {
                        chunk.setTotalSize(size);
                        first = false;
                    }
                    call.onNext(chunk.build());
                }
            }
            call.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void evaluateVersion(EvaluateVersionRequest request, StreamObserver<Metrics> responses) {
        try {
            Metrics metrics = evaluator.evaluate(request.getModelName(), request.getVersion(), request.getSnapshotId());
            responses.onNext(metrics);
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }
}
