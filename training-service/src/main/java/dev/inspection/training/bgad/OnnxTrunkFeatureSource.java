package dev.inspection.training.bgad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.features.LevelMaps;
import dev.inspection.core.image.PreprocessingSpec;
import dev.inspection.core.image.Preprocessor;
import dev.inspection.core.image.RgbImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ResNet50 trunk (input {@code image} NCHW, outputs {@code layer1..3} at strides 4, 8, 16 with
 * 256, 512 and 1024 channels) run in process with ONNX Runtime.
 */
public final class OnnxTrunkFeatureSource implements LevelFeatureSource, AutoCloseable {

    private static final String[] OUTPUTS = {"layer1", "layer2", "layer3"};
    private static final int[] CHANNELS = {256, 512, 1024};
    private static final int[] STRIDES = {4, 8, 16};

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int batchSize;

    public OnnxTrunkFeatureSource(Path trunkModel, int intraOpThreads, int batchSize) {
        if (!Files.isRegularFile(trunkModel)) {
            throw new IllegalArgumentException("backbone model not found: " + trunkModel);
        }
        this.batchSize = Math.max(1, batchSize);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            this.session = env.createSession(trunkModel.toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load backbone " + trunkModel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<LevelShape> levelShapes(int inputSize) {
        if (inputSize % 16 != 0) {
            throw new IllegalArgumentException("input size must be a multiple of 16, got " + inputSize);
        }
        List<LevelShape> shapes = new ArrayList<>(3);
        for (int l = 0; l < 3; l++) {
            shapes.add(new LevelShape(CHANNELS[l], inputSize / STRIDES[l], inputSize / STRIDES[l]));
        }
        return shapes;
    }

    @Override
    public List<float[][]> extract(List<RgbImage> images, PreprocessingSpec spec) {
        Preprocessor preprocessor = new Preprocessor(spec);
        int size = spec.cropSize();
        List<LevelShape> shapes = levelShapes(size);
        List<float[][]> out = new ArrayList<>(images.size());
        int per = preprocessor.floatsPerImage();
        for (int start = 0; start < images.size(); start += batchSize) {
            int n = Math.min(batchSize, images.size() - start);
            float[] input = new float[n * per];
            for (int b = 0; b < n; b++) {
                preprocessor.preprocess(images.get(start + b), input, b * per);
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, 3, size, size});
                 OrtSession.Result result = session.run(Map.of("image", tensor))) {
                float[][][] levels = new float[3][][];
                for (int l = 0; l < 3; l++) {
                    LevelShape s = shapes.get(l);
                    String name = OUTPUTS[l];
                    float[] chw = ((OnnxTensor) result.get(name).orElseThrow(
                            () -> new IllegalStateException("backbone has no output " + name))).getFloatBuffer().array();
                    int count = s.channels() * s.positions();
                    levels[l] = new float[n][];
                    for (int b = 0; b < n; b++) {
                        float[] rows = new float[count];
                        LevelMaps.toPositionRows(chw, b * count, s.channels(), s.height(), s.width(), rows, 0);
                        levels[l][b] = rows;
                    }
                }
                for (int b = 0; b < n; b++) {
                    out.add(new float[][] {levels[0][b], levels[1][b], levels[2][b]});
                }
            } catch (OrtException e) {
                throw new IllegalStateException("backbone inference failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close backbone session", e);
        }
    }
}
