package dev.inspection.scoring.grpc;

import dev.inspection.api.scoring.v1.ActivateVersionRequest;
import dev.inspection.api.scoring.v1.ListServedModelsRequest;
import dev.inspection.api.scoring.v1.ListServedModelsResponse;
import dev.inspection.api.scoring.v1.ScoreBatchRequest;
import dev.inspection.api.scoring.v1.ScoreBatchResponse;
import dev.inspection.api.scoring.v1.ScoreRequest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.ScoringServiceGrpc;
import dev.inspection.api.scoring.v1.ServedModel;
import dev.inspection.api.scoring.v1.UnloadVersionRequest;
import dev.inspection.scoring.config.ScoringConfig;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringEngine;
import dev.inspection.scoring.engine.ScoringException;
import dev.inspection.scoring.model.ServedModels;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

import java.util.List;

/** Thin gRPC layer of the scoring API: maps requests to the engine and failures to statuses. */
@GrpcService
@Blocking
public class ScoringGrpcService extends ScoringServiceGrpc.ScoringServiceImplBase {

    private final ScoringEngine engine;
    private final ServedModels models;
    private final int streamWindow;

    public ScoringGrpcService(ScoringEngine engine, ServedModels models, ScoringConfig config) {
        this.engine = engine;
        this.models = models;
        this.streamWindow = config.streamWindow();
    }

    @Override
    public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
        try {
            ScoreResult result = engine.score(request.getModelName(), request.getVersion(), request.getImage(),
                    request.getOptions(), "options");
            responses.onNext(ScoreMapping.response(request.getRequestId(), result));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void scoreBatch(ScoreBatchRequest request, StreamObserver<ScoreBatchResponse> responses) {
        try {
            List<ScoreResult> results = engine.scoreBatch(request.getModelName(), request.getVersion(),
                    request.getImagesList(), request.getOptions());
            ScoreBatchResponse.Builder out = ScoreBatchResponse.newBuilder();
            for (int i = 0; i < results.size(); i++) {
                out.addResults(ScoreMapping.response(Integer.toString(i), results.get(i)));
            }
            responses.onNext(out.build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public StreamObserver<ScoreRequest> scoreStream(StreamObserver<ScoreResponse> responses) {
        return new OrderedStreamScorer(responses, r -> engine.submit(r.getModelName(), r.getVersion(), r.getImage(),
                r.getOptions()), streamWindow);
    }

    @Override
    public void listServedModels(ListServedModelsRequest request, StreamObserver<ListServedModelsResponse> responses) {
        ListServedModelsResponse.Builder out = ListServedModelsResponse.newBuilder();
        for (ServedModels.ModelState state : models.states()) {
            out.addModels(ScoreMapping.servedModel(state));
        }
        responses.onNext(out.build());
        responses.onCompleted();
    }

    @Override
    public void activateVersion(ActivateVersionRequest request, StreamObserver<ServedModel> responses) {
        try {
            responses.onNext(ScoreMapping.servedModel(models.activate(request.getModelName(), request.getVersion())));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void unloadVersion(UnloadVersionRequest request, StreamObserver<ServedModel> responses) {
        try {
            if (request.getVersion() == 0) {
                throw ScoringException.invalidArgument("version is required (the active version cannot be unloaded)");
            }
            responses.onNext(ScoreMapping.servedModel(models.unload(request.getModelName(), request.getVersion())));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }
}
