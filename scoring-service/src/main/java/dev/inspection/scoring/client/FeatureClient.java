package dev.inspection.scoring.client;

import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.scoring.config.ScoringConfig;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The feature service as the scoring service uses it: one shared channel, per-call deadlines and
 * bounded retries for UNAVAILABLE (see {@link RetryingCaller}).
 */
@ApplicationScoped
public class FeatureClient {

    private final RetryingCaller caller;
    private final FeatureServiceGrpc.FeatureServiceBlockingStub stub;

    public FeatureClient(ScoringConfig config) {
        var channel = Channels.open(config.featureService(), "inspection.scoring.feature-service");
        this.caller = new RetryingCaller(channel, "feature service at " + config.featureService(),
                config.featureDeadlineMs(), config.featureRetries(), config.retryBackoffMs());
        this.stub = FeatureServiceGrpc.newBlockingStub(channel);
    }

    /** Features of one image; {@code callerDeadline} (may be null) bounds the call. */
    public ExtractResponse extract(ExtractRequest request, Deadline callerDeadline) {
        return caller.call(callerDeadline, d -> stub.withDeadline(d).extract(request));
    }

    /** The backbones the feature service has loaded. */
    public List<BackboneInfo> listBackbones(Deadline callerDeadline) {
        return caller.call(callerDeadline, d -> stub.withDeadline(d).listBackbones(
                ListBackbonesRequest.getDefaultInstance()).getBackbonesList());
    }

    /** True when the channel is connected now (no call is made). */
    public boolean connected() {
        return caller.channel().getState(true) == ConnectivityState.READY;
    }

    @PreDestroy
    void close() {
        Channels.close(caller.channel());
    }
}
