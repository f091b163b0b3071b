package dev.inspection.feature.grpc;

import dev.inspection.api.common.v1.DType;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractBatchResponse;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractRequest;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.feature.v1.ListBackbonesResponse;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.feature.config.FeatureServiceConfig;
import dev.inspection.feature.extraction.FeatureExtractor;
import dev.inspection.feature.extraction.OutputSelection;
import dev.inspection.feature.service.BackboneHolder;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Thin gRPC layer: validates, maps to the domain, maps failures to statuses (see {@link GrpcErrors}). */
@GrpcService
@Blocking
public class FeatureGrpcService extends FeatureServiceGrpc.FeatureServiceImplBase {

    private final BackboneHolder holder;
    private final FeatureServiceConfig config;

    public FeatureGrpcService(BackboneHolder holder, FeatureServiceConfig config) {
        this.holder = holder;
        this.config = config;
    }

    /** What a request resolved to, once validated. */
    private record Plan(PreprocessingSpec spec, OutputSelection selection, DType dtype) {
    }

    private Plan plan(FeatureExtractor extractor, ExtractOptions options) {
        if (!options.getBackboneId().isEmpty() && !options.getBackboneId().equals(extractor.manifest().id())) {
            throw Status.NOT_FOUND.withDescription("unknown backbone '" + options.getBackboneId() + "' (loaded: "
                    + extractor.manifest().id() + ")").asRuntimeException();
        }
        return new Plan(ProtoMapping.preprocessing(options, extractor.defaultPreprocessing()),
                ProtoMapping.selection(options, extractor.manifest()), ProtoMapping.dtype(options));
    }

    private static BooleanSupplier callerGone() {
        Context context = Context.current();
        return context::isCancelled;
    }

    @Override
    public void extract(ExtractRequest request, StreamObserver<ExtractResponse> responses) {
        try {
            FeatureExtractor extractor = holder.extractor();
            Plan plan = plan(extractor, request.getOptions());
            if (!request.hasImage()) {
                throw GrpcErrors.invalid("image is missing");
            }
            var result = extractor.extract(ProtoMapping.image(request.getImage(), "image"), plan.spec(), plan.selection(), callerGone());
            responses.onNext(ProtoMapping.response(request.getRequestId(), result, plan.dtype(), extractor.manifest()));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void extractBatch(ExtractBatchRequest request, StreamObserver<ExtractBatchResponse> responses) {
        try {
            FeatureExtractor extractor = holder.extractor();
            int n = request.getImagesCount();
            if (n == 0) {
                throw GrpcErrors.invalid("images is empty");
            }
            if (n > config.maxRequestBatch()) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("batch of " + n + " images is over the limit of "
                        + config.maxRequestBatch() + " (inspection.feature.max-request-batch)").asRuntimeException();
            }
            Plan plan = plan(extractor, request.getOptions());
            List<ExtractResponse> results = extractor.extractInOrder(n,
                    i -> ProtoMapping.image(request.getImages(i), "images[" + i + "]"), plan.spec(), plan.selection(),
                    callerGone(), (i, result) -> ProtoMapping.response(Integer.toString(i), result, plan.dtype(), extractor.manifest()));
            responses.onNext(ExtractBatchResponse.newBuilder().addAllResults(results).build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public StreamObserver<ExtractRequest> extractStream(StreamObserver<ExtractResponse> responses) {
        ServerCallStreamObserver<ExtractResponse> out = (ServerCallStreamObserver<ExtractResponse>) responses;
        BooleanSupplier gone = callerGone();
        return new StreamObserver<>() {
            // Responses leave in request order: each one waits for the previous one to be sent.
            private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
            private volatile boolean failed;

            @Override
            public void onNext(ExtractRequest request) {
                if (failed) {
                    return;
                }
                CompletableFuture<ExtractResponse> next;
                try {
                    FeatureExtractor extractor = holder.extractor();
                    Plan plan = plan(extractor, request.getOptions());
                    if (!request.hasImage()) {
                        throw GrpcErrors.invalid("image is missing in the request '" + request.getRequestId() + "'");
                    }
                    FeatureExtractor.Pending pending = extractor.submit(
                            ProtoMapping.image(request.getImage(), "image"), plan.spec(), plan.selection(), gone);
                    next = pending.backboneDone().thenApply(ignored -> {
                        try {
                            return ProtoMapping.response(request.getRequestId(), extractor.finish(pending), plan.dtype(), extractor.manifest());
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
                } catch (Exception e) {
                    next = CompletableFuture.failedFuture(e);
                }
                CompletableFuture<ExtractResponse> result = next;
                tail = tail.thenCombine(result.handle((r, e) -> e), (ignored, error) -> error).thenAccept(error -> {
                    synchronized (out) {
                        if (failed) {
                            return;
                        }
                        if (error != null) {
                            failed = true;
                            out.onError(GrpcErrors.toStatus(error));
                        } else {
                            out.onNext(result.join());
                        }
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                tail.whenComplete((ignored, e) -> {
                    synchronized (out) {
                        if (!failed) {
                            out.onCompleted();
                        }
                    }
                });
            }
        };
    }

    @Override
    public void listBackbones(ListBackbonesRequest request, StreamObserver<ListBackbonesResponse> responses) {
        try {
            FeatureExtractor extractor = holder.extractor();
            responses.onNext(ListBackbonesResponse.newBuilder()
                    .addBackbones(ProtoMapping.backboneInfo(extractor.manifest(), extractor.executionProvider()))
                    .build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }
}
