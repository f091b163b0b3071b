package dev.inspection.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/** Runs a model from bytes with ONNX Runtime on float inputs and returns one float output. */
final class OrtTestRunner {

    private OrtTestRunner() {
    }

    static float[] run(byte[] model, String outputName, Object... nameDataShapeTriples) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int i = 0; i < nameDataShapeTriples.length; i += 3) {
                String name = (String) nameDataShapeTriples[i];
                float[] data = (float[]) nameDataShapeTriples[i + 1];
                long[] shape = (long[]) nameDataShapeTriples[i + 2];
                feeds.put(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                OnnxTensor out = (OnnxTensor) result.get(outputName)
                        .orElseThrow(() -> new AssertionError("no output " + outputName));
                FloatBuffer fb = out.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                return values;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    static long[] outputShape(byte[] model, String outputName, Object... nameDataShapeTriples) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int i = 0; i < nameDataShapeTriples.length; i += 3) {
                feeds.put((String) nameDataShapeTriples[i], OnnxTensor.createTensor(env,
                        FloatBuffer.wrap((float[]) nameDataShapeTriples[i + 1]), (long[]) nameDataShapeTriples[i + 2]));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                return ((OnnxTensor) result.get(outputName).orElseThrow()).getInfo().getShape();
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
