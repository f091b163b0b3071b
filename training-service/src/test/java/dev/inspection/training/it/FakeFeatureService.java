package dev.inspection.training.it;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractBatchResponse;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.feature.v1.ListBackbonesResponse;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.tensor.Float16;
import dev.inspection.training.pipeline.Preprocessings;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the feature service with the real extraction path: inspection-core decoding and
 * preprocessing, the shared ResNet50 trunk on ONNX Runtime, SimpleNet patch aggregation, float16 out.
 */
final class FakeFeatureService extends FeatureServiceGrpc.FeatureServiceImplBase implements AutoCloseable {

    static final String BACKBONE_ID = "resnet50_keras_imagenet";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final BackboneInfo info;
    private final ImageDecoder decoder = new ImageDecoder();
    final AtomicInteger extracted = new AtomicInteger();

    FakeFeatureService(Path trunk) throws OrtException, IOException {
        session = env.createSession(trunk.toString(), new OrtSession.SessionOptions());
        PreprocessingSpec defaults = PreprocessingSpec.simpleNet();
        info = BackboneInfo.newBuilder().setId(BACKBONE_ID)
                .setSha256(FakeDatasetService.sha256(Files.readAllBytes(trunk)))
                .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_CENTER_CROP)
                        .setResizeSize(defaults.resizeSize()).setCropSize(defaults.cropSize())
                        .addMean(defaults.mean()[0]).addMean(defaults.mean()[1]).addMean(defaults.mean()[2])
                        .addStd(defaults.std()[0]).addStd(defaults.std()[1]).addStd(defaults.std()[2]))
                .addPatchLevels("layer2").addPatchLevels("layer3").setEmbedDim(PatchAggregator.DEFAULT_DIMENSION)
                .setExecutionProvider("CPUExecutionProvider").build();
    }

    String sha256() {
        return info.getSha256();
    }

    @Override
    public void listBackbones(ListBackbonesRequest request, StreamObserver<ListBackbonesResponse> responses) {
        responses.onNext(ListBackbonesResponse.newBuilder().addBackbones(info).build());
        responses.onCompleted();
    }

    @Override
    public void extractBatch(ExtractBatchRequest request, StreamObserver<ExtractBatchResponse> responses) {
        try {
            Preprocessing p = Preprocessings.effective(info.getPreprocessing(), request.getOptions().getPreprocessing());
            Preprocessor preprocessor = new Preprocessor(Preprocessings.toSpec(p));
            int side = p.getCropSize();
            PatchAggregator aggregator = PatchAggregator.forResNet50Input(side, side);
            ExtractBatchResponse.Builder out = ExtractBatchResponse.newBuilder();
            for (var image : request.getImagesList()) {
                float[] input = preprocessor.preprocess(decoder.decode(image.getEncoded().toByteArray(), image.getName()));
                float[] embeddings = new float[aggregator.floatsPerImage()];
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, side, side});
                     OrtSession.Result result = session.run(Map.of("image", tensor), Set.of("layer2", "layer3"))) {
                    float[] layer2 = floats((OnnxTensor) result.get("layer2").orElseThrow());
                    float[] layer3 = floats((OnnxTensor) result.get("layer3").orElseThrow());
                    aggregator.aggregate(layer2, 0, layer3, 0, embeddings, 0);
                }
                extracted.incrementAndGet();
                out.addResults(ExtractResponse.newBuilder().setBackboneId(BACKBONE_ID).setBackboneSha256(info.getSha256())
                        .addFeatures(FeatureMap.newBuilder().setName("patch_embeddings")
                                .setGridHeight(aggregator.gridHeight()).setGridWidth(aggregator.gridWidth()).setStride(8)
                                .setTensor(Tensor.newBuilder().addShape(aggregator.patchCount())
                                        .addShape(aggregator.featureDim()).setDtype(DType.FLOAT16)
                                        .setData(ByteString.copyFrom(Float16.encode(embeddings))))));
            }
            responses.onNext(out.build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        }
    }

    private static float[] floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
