package dev.inspection.training.it;

import ai.onnxruntime.OrtException;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractBatchResponse;
import dev.inspection.training.pipeline.TrunkFeatureService;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the feature service with the real extraction path ({@link TrunkFeatureService}: core
 * decoding and preprocessing, the shared ResNet50 trunk on ONNX Runtime) and counts the images it was
 * asked to extract (the feature-cache test checks that a second job asks for none).
 */
final class FakeFeatureService extends TrunkFeatureService {

    final AtomicInteger extracted = new AtomicInteger();

    FakeFeatureService(Path trunk) throws OrtException, IOException {
        super(trunk, Runtime.getRuntime().availableProcessors());
    }

    String sha256() {
        return info().getSha256();
    }

    @Override
    public void extractBatch(ExtractBatchRequest request, StreamObserver<ExtractBatchResponse> responses) {
        extracted.addAndGet(request.getImagesCount());
        super.extractBatch(request, responses);
    }
}
