package dev.inspection.cli.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The speed anchor of ../shared/bench/ortbench: ONNX Runtime alone on the bare backbone trunk,
 * random 288x288 input, nothing else (no decode, no aggregation, no transport).
 */
public final class OrtTrunkAnchor {

    private OrtTrunkAnchor() {
    }

    /** Images per second at the given batch size, measured for {@code seconds} after two warm-up runs. */
    public static double imagesPerSecond(Path model, int threads, int batch, int side, double seconds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                float[] x = new float[batch * 3 * side * side];
                Random random = new Random(0);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{batch, 3, side, side})) {
                    String name = session.getInputNames().iterator().next();
                    for (int w = 0; w < 2; w++) {
                        session.run(Map.of(name, input)).close();
                    }
                    int images = 0;
                    long t0 = System.nanoTime();
                    while ((System.nanoTime() - t0) / 1e9 < seconds) {
                        session.run(Map.of(name, input)).close();
                        images += batch;
                    }
                    return images / ((System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}
