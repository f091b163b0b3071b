package dev.inspection.training.clients;

import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.common.v1.Image;
import dev.inspection.training.jobs.TrainingException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The calls the training service makes to the feature service, with deadlines. */
public final class FeatureClient {

    private static final String SERVICE = "feature service";
    private final ManagedChannel channel;
    private final String target;
    private final Duration rpcDeadline;
    private final Duration connectTimeout;

    public FeatureClient(ManagedChannel channel, String target, Duration rpcDeadline, Duration connectTimeout) {
        this.channel = channel;
        this.target = target;
        this.rpcDeadline = rpcDeadline;
        this.connectTimeout = connectTimeout;
    }

    private FeatureServiceGrpc.FeatureServiceBlockingStub stub() {
        DependencyCalls.awaitReady(channel, connectTimeout);
        return FeatureServiceGrpc.newBlockingStub(channel).withDeadlineAfter(rpcDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The backbone with {@code backboneId}, or the service's first (default) one for "".
     *
     * @throws TrainingException NOT_FOUND when the service does not have it
     */
    public BackboneInfo backbone(String backboneId) {
        List<BackboneInfo> backbones;
        try {
            backbones = stub().listBackbones(ListBackbonesRequest.getDefaultInstance()).getBackbonesList();
        } catch (StatusRuntimeException e) {
            throw DependencyCalls.translate(SERVICE, target, channel, e);
        }
        for (BackboneInfo info : backbones) {
            if (backboneId.isEmpty() || info.getId().equals(backboneId)) {
                return info;
            }
        }
        throw TrainingException.notFound("feature service at " + target + " has no backbone '" + backboneId + "'");
    }

    /** Features of a batch of images, one response per image in request order. */
    public List<ExtractResponse> extractBatch(List<Image> images, ExtractOptions options) {
        try {
            List<ExtractResponse> results = stub().extractBatch(ExtractBatchRequest.newBuilder().addAllImages(images)
                    .setOptions(options).build()).getResultsList();
            if (results.size() != images.size()) {
                throw new TrainingException(TrainingException.Kind.INTERNAL, "feature service returned "
                        + results.size() + " results for " + images.size() + " images");
            }
            return results;
        } catch (StatusRuntimeException e) {
            throw DependencyCalls.translate(SERVICE, target, channel, e);
        }
    }
}
