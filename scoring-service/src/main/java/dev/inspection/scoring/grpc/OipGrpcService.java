package dev.inspection.scoring.grpc;

import dev.inspection.api.inference.GRPCInferenceServiceGrpc;
import dev.inspection.api.inference.ModelInferRequest;
import dev.inspection.api.inference.ModelInferResponse;
import dev.inspection.api.inference.ModelMetadataRequest;
import dev.inspection.api.inference.ModelMetadataResponse;
import dev.inspection.api.inference.ModelReadyRequest;
import dev.inspection.api.inference.ModelReadyResponse;
import dev.inspection.api.inference.ServerLiveRequest;
import dev.inspection.api.inference.ServerLiveResponse;
import dev.inspection.api.inference.ServerMetadataRequest;
import dev.inspection.api.inference.ServerMetadataResponse;
import dev.inspection.api.inference.ServerReadyRequest;
import dev.inspection.api.inference.ServerReadyResponse;
import dev.inspection.scoring.client.FeatureClient;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringEngine;
import dev.inspection.scoring.engine.ScoringException;
import dev.inspection.scoring.model.ServedModels;
import dev.inspection.scoring.model.ServedVersion;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.TimeUnit;

/** The Open Inference Protocol v2 surface (KServe / Triton clients) beside the own scoring API. */
@GrpcService
@Blocking
public class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private static final String SERVER_NAME = "inspection-scoring";

    private final ScoringEngine engine;
    private final ServedModels models;
    private final FeatureClient features;
    private final String serverVersion;

    public OipGrpcService(ScoringEngine engine, ServedModels models, FeatureClient features,
                          @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String serverVersion) {
        this.engine = engine;
        this.models = models;
        this.features = features;
        this.serverVersion = serverVersion;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> responses) {
        responses.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
        responses.onCompleted();
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> responses) {
        boolean modelLoaded = models.states().stream().anyMatch(s -> s.active() != null);
        responses.onNext(ServerReadyResponse.newBuilder().setReady(modelLoaded && featureServiceAnswers()).build());
        responses.onCompleted();
    }

    private boolean featureServiceAnswers() {
        try {
            return !features.listBackbones(Deadline.after(2, TimeUnit.SECONDS)).isEmpty();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> responses) {
        try {
            int version = OipMapping.version(request.getVersion());
            ServedModels.ModelState state = models.state(request.getName());
            boolean ready = state != null && (version == 0 ? state.active() != null : state.loaded().containsKey(version));
            responses.onNext(ModelReadyResponse.newBuilder().setReady(ready).build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> responses) {
        responses.onNext(ServerMetadataResponse.newBuilder().setName(SERVER_NAME).setVersion(serverVersion).build());
        responses.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> responses) {
        try {
            int version = OipMapping.version(request.getVersion());
            ServedModels.ModelState state = models.state(request.getName());
            if (state == null) {
                throw ScoringException.notFound("model '" + request.getName() + "' is not served");
            }
            ServedVersion served = version == 0 ? state.active() : state.loaded().get(version);
            if (served == null) {
                throw ScoringException.notFound("version '" + request.getVersion() + "' of model '" + request.getName()
                        + "' is not loaded (loaded: " + state.loadedVersions() + ")");
            }
            int mapSize = served.manifest().getPostProcessing().getMapSize();
            ModelMetadataResponse.Builder out = ModelMetadataResponse.newBuilder()
                    .setName(state.modelName())
                    .setPlatform("onnxruntime_onnx")
                    .addInputs(tensor(OipMapping.INPUT_IMAGE, "BYTES", 1))
                    .addOutputs(tensor(OipMapping.OUTPUT_SCORE, "FP32", 1))
                    .addOutputs(tensor(OipMapping.OUTPUT_RAW_SCORE, "FP32", 1))
                    .addOutputs(tensor(OipMapping.OUTPUT_LABEL, "INT32", 1))
                    .addOutputs(tensor(OipMapping.OUTPUT_MAP, "FP32", 1, mapSize, mapSize));
            state.loadedVersions().forEach(v -> out.addVersions(Integer.toString(v)));
            responses.onNext(out.build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, String datatype, long... shape) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long dim : shape) {
            t.addShape(dim);
        }
        return t.build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> responses) {
        try {
            OipMapping.InferCall call = OipMapping.parse(request);
            ScoreResult result = engine.score(call.modelName(), call.version(), call.image(), call.options(), "parameters");
            responses.onNext(OipMapping.response(request, call, result));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }
}
