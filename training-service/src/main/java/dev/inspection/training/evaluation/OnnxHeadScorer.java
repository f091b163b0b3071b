package dev.inspection.training.evaluation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported head on ONNX Runtime, as the scoring service does: patch embeddings {@code [N, dim]}
 * in, raw patch scores out. Calibration and evaluation use it so that the registered file is what was
 * measured.
 */
public final class OnnxHeadScorer implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    public OnnxHeadScorer(Path onnxFile) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            session = env.createSession(onnxFile.toString(), options);
        }
        if (session.getNumInputs() != 1) {
            session.close();
            throw new IllegalArgumentException("head " + onnxFile + " has " + session.getNumInputs()
                    + " inputs, expected 1 (patch embeddings)");
        }
        input = session.getInputNames().iterator().next();
    }

    /**
     * Scores {@code rows} embeddings of {@code dim} floats from {@code features}.
     *
     * @param scores receives {@code rows} raw patch scores
     */
    public void score(float[] features, int rows, int dim, float[] scores) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(features, 0, rows * dim),
                new long[] {rows, dim});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer values = out.getFloatBuffer();
            if (values.remaining() != rows) {
                throw new IllegalStateException("head returned " + values.remaining() + " scores for " + rows + " rows");
            }
            values.get(scores, 0, rows);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
