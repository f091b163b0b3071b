package dev.inspection.training.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.digest.Sha256;
import dev.inspection.core.features.PatchAggregator;
import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * In-process SimpleNet features: decode, core preprocessing, the ONNX ResNet-50 trunk
 * ({@code resnet50_trunk.onnx}, input {@code image} [N,3,H,W], outputs {@code layer2}/{@code layer3})
 * and the core {@link PatchAggregator}. The same arithmetic as the feature service, for benchmarks,
 * tests and offline runs. Not thread-safe (one ORT session, used one image at a time).
 */
public final class OnnxBackboneFeatureSource implements FeatureSource, AutoCloseable {

    private static final String INPUT = "image";
    private static final String LAYER2 = "layer2";
    private static final String LAYER3 = "layer3";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Preprocessor preprocessor;
    private final PatchAggregator aggregator;
    private final ImageDecoder decoder = new ImageDecoder();
    private final ImageBytesLoader loader;
    private final String backboneSha256;
    private final float[] input;
    private final float[] layer2;
    private final float[] layer3;

    /**
     * @param trunkModel ONNX trunk file
     * @param spec       preprocessing (SimpleNet: {@link PreprocessingSpec#simpleNet()})
     * @param loader     image bytes by id
     * @param threads    ONNX Runtime intra-op threads (0 = runtime default)
     */
    public OnnxBackboneFeatureSource(Path trunkModel, PreprocessingSpec spec, ImageBytesLoader loader, int threads)
            throws IOException {
        if (!Files.isRegularFile(trunkModel)) {
            throw new IllegalArgumentException("backbone model not found: " + trunkModel);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.loader = loader;
        this.preprocessor = new Preprocessor(spec);
        this.aggregator = PatchAggregator.forResNet50Input(spec.cropSize(), spec.cropSize());
        this.backboneSha256 = Sha256.hex(trunkModel);
        this.input = new float[preprocessor.floatsPerImage()];
        this.layer2 = new float[aggregator.layer2Floats()];
        this.layer3 = new float[aggregator.layer3Floats()];
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(trunkModel.toString(), options);
        } catch (OrtException e) {
            throw new IOException("cannot load backbone " + trunkModel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public float[] embeddings(String imageId) throws IOException {
        RgbImage image = decoder.decode(loader.load(imageId), imageId);
        preprocessor.preprocess(image, input, 0);
        int crop = preprocessor.spec().cropSize();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input),
                new long[] {1, 3, crop, crop});
             OrtSession.Result result = session.run(Map.of(INPUT, tensor), Set.of(LAYER2, LAYER3))) {
            copyOutput(result, LAYER2, layer2);
            copyOutput(result, LAYER3, layer3);
        } catch (OrtException e) {
            throw new IOException("backbone failed on image '" + imageId + "': " + e.getMessage(), e);
        }
        float[] out = new float[aggregator.floatsPerImage()];
        aggregator.aggregate(layer2, 0, layer3, 0, out, 0);
        return out;
    }

    private static void copyOutput(OrtSession.Result result, String name, float[] dest) {
        OnnxValue value = result.get(name).orElseThrow(
                () -> new IllegalStateException("backbone has no output '" + name + "'"));
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        if (buffer.remaining() != dest.length) {
            throw new IllegalStateException("backbone output '" + name + "' has " + buffer.remaining()
                    + " floats, expected " + dest.length);
        }
        buffer.get(dest);
    }

    @Override
    public int patchesPerImage() {
        return aggregator.patchCount();
    }

    @Override
    public int featureDim() {
        return aggregator.featureDim();
    }

    public int gridHeight() {
        return aggregator.gridHeight();
    }

    public int gridWidth() {
        return aggregator.gridWidth();
    }

    @Override
    public String backboneSha256() {
        return backboneSha256;
    }

    @Override
    public String preprocessingId() {
        PreprocessingSpec spec = preprocessor.spec();
        return spec.mode() + "-resize" + spec.resizeSize() + "-crop" + spec.cropSize()
                + "-mean" + Arrays.toString(spec.mean()) + "-std" + Arrays.toString(spec.std())
                + "-simplenet-patch3-dim" + aggregator.featureDim();
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IOException("cannot close backbone session: " + e.getMessage(), e);
        }
    }
}
