package dev.inspection.training.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.FeatureMap;
import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.feature.v1.BackboneInfo;
import dev.inspection.api.feature.v1.BackboneLevel;
import dev.inspection.api.feature.v1.ExtractBatchRequest;
import dev.inspection.api.feature.v1.ExtractBatchResponse;
import dev.inspection.api.feature.v1.ExtractOptions;
import dev.inspection.api.feature.v1.ExtractResponse;
import dev.inspection.api.feature.v1.FeatureServiceGrpc;
import dev.inspection.api.feature.v1.ListBackbonesRequest;
import dev.inspection.api.feature.v1.ListBackbonesResponse;
import dev.inspection.api.feature.v1.OutputKind;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import dev.inspection.core.digest.Sha256;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PixelFormat;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import dev.inspection.core.tensor.Float16;
import dev.inspection.core.tensor.LittleEndian;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for the feature service with the real extraction path (inspection-core decoding and
 * preprocessing, the shared ResNet50 trunk on ONNX Runtime): encoded or raw RGB8 images, PATCH_EMBEDDINGS
 * (SimpleNet aggregation) and LEVEL_MAPS ({@code [C, H, W]} per level), float16 or float32.
 */
public class TrunkFeatureService extends FeatureServiceGrpc.FeatureServiceImplBase implements AutoCloseable {

    public static final String BACKBONE_ID = "resnet50_keras_imagenet";
    private static final List<String> LEVELS = List.of("layer1", "layer2", "layer3");
    private static final int[] CHANNELS = {256, 512, 1024};
    private static final int[] STRIDES = {4, 8, 16};

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final BackboneInfo info;
    private final ImageDecoder decoder = new ImageDecoder();

    public TrunkFeatureService(Path trunk, int threads) throws OrtException, IOException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            session = env.createSession(trunk.toString(), options);
        }
        PreprocessingSpec defaults = PreprocessingSpec.simpleNet();
        BackboneInfo.Builder b = BackboneInfo.newBuilder().setId(BACKBONE_ID).setSha256(Sha256.hex(trunk))
                .setPreprocessing(Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_CENTER_CROP)
                        .setResizeSize(defaults.resizeSize()).setCropSize(defaults.cropSize())
                        .addMean(defaults.mean()[0]).addMean(defaults.mean()[1]).addMean(defaults.mean()[2])
                        .addStd(defaults.std()[0]).addStd(defaults.std()[1]).addStd(defaults.std()[2]))
                .addPatchLevels("layer2").addPatchLevels("layer3").setEmbedDim(PatchAggregator.DEFAULT_DIMENSION)
                .setExecutionProvider("CPUExecutionProvider");
        for (int l = 0; l < LEVELS.size(); l++) {
            b.addLevels(BackboneLevel.newBuilder().setName(LEVELS.get(l)).setChannels(CHANNELS[l]).setStride(STRIDES[l]));
        }
        info = b.build();
    }

    public BackboneInfo info() {
        return info;
    }

    @Override
    public void listBackbones(ListBackbonesRequest request, StreamObserver<ListBackbonesResponse> responses) {
        responses.onNext(ListBackbonesResponse.newBuilder().addBackbones(info).build());
        responses.onCompleted();
    }

    @Override
    public void extractBatch(ExtractBatchRequest request, StreamObserver<ExtractBatchResponse> responses) {
        try {
            ExtractOptions options = request.getOptions();
            Preprocessing p = Preprocessings.effective(info.getPreprocessing(), options.getPreprocessing());
            Preprocessor preprocessor = new Preprocessor(Preprocessings.toSpec(p));
            int side = p.getCropSize();
            boolean patches = options.getOutput() == OutputKind.PATCH_EMBEDDINGS
                    || options.getOutput() == OutputKind.PATCH_EMBEDDINGS_AND_LEVEL_MAPS;
            boolean levels = options.getOutput() == OutputKind.LEVEL_MAPS
                    || options.getOutput() == OutputKind.PATCH_EMBEDDINGS_AND_LEVEL_MAPS;
            List<String> wanted = options.getLevelsCount() == 0 ? LEVELS : options.getLevelsList();
            boolean half = options.getDtype() == DType.FLOAT16;
            ExtractBatchResponse.Builder out = ExtractBatchResponse.newBuilder();
            for (Image image : request.getImagesList()) {
                float[] input = preprocessor.preprocess(decode(image));
                ExtractResponse.Builder r = ExtractResponse.newBuilder().setBackboneId(BACKBONE_ID)
                        .setBackboneSha256(info.getSha256());
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, side, side});
                     OrtSession.Result result = session.run(Map.of("image", tensor), Set.copyOf(LEVELS))) {
                    if (patches) {
                        PatchAggregator aggregator = PatchAggregator.forResNet50Input(side, side);
                        float[] embeddings = new float[aggregator.floatsPerImage()];
                        aggregator.aggregate(floats(result, "layer2"), 0, floats(result, "layer3"), 0, embeddings, 0);
                        r.addFeatures(FeatureMap.newBuilder().setName("patch_embeddings")
                                .setGridHeight(aggregator.gridHeight()).setGridWidth(aggregator.gridWidth()).setStride(8)
                                .setTensor(tensor(embeddings, half, aggregator.patchCount(), aggregator.featureDim())));
                    }
                    if (levels) {
                        for (String name : wanted) {
                            int l = LEVELS.indexOf(name);
                            int g = side / STRIDES[l];
                            r.addFeatures(FeatureMap.newBuilder().setName(name).setGridHeight(g).setGridWidth(g)
                                    .setStride(STRIDES[l]).setTensor(tensor(floats(result, name), half, CHANNELS[l], g, g)));
                        }
                    }
                }
                out.addResults(r);
            }
            responses.onNext(out.build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        }
    }

    private RgbImage decode(Image image) {
        if (image.hasRaw()) {
            return RgbImage.fromRaw(PixelFormat.RGB8, image.getRaw().getWidth(), image.getRaw().getHeight(),
                    image.getRaw().getPixels().toByteArray());
        }
        return decoder.decode(image.getEncoded().toByteArray(), image.getName());
    }

    private static Tensor tensor(float[] values, boolean half, int... shape) {
        Tensor.Builder t = Tensor.newBuilder().setDtype(half ? DType.FLOAT16 : DType.FLOAT32);
        for (int s : shape) {
            t.addShape(s);
        }
        if (half) {
            return t.setData(ByteString.copyFrom(Float16.encode(values))).build();
        }
        byte[] bytes = new byte[values.length * 4];
        LittleEndian.putFloats(values, 0, bytes, 0, values.length);
        return t.setData(ByteString.copyFrom(bytes)).build();
    }

    private static float[] floats(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
