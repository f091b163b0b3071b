package dev.inspection.training.bgad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.bgad.PositionalEncoding;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs exported level flows ({@link BgadOnnxExporter}) on ONNX Runtime, as the scoring service does:
 * raw level rows and positional codes in, per-position log-likelihoods out. Calibration and
 * evaluation of a BGAD job use it so that the registered files are what was measured.
 */
public final class OnnxFlowScorer implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final List<OrtSession> sessions = new ArrayList<>();
    private final List<LevelShape> rawShapes;
    private final List<float[]> positions = new ArrayList<>();
    private final int positionalDim;

    /**
     * @param flowFiles one exported flow per level, aligned with {@code rawShapes}
     * @param rawShapes backbone level shapes before the channel reduction
     */
    public OnnxFlowScorer(List<Path> flowFiles, List<LevelShape> rawShapes, int positionalDim) throws OrtException {
        if (flowFiles.size() != rawShapes.size()) {
            throw new IllegalArgumentException(flowFiles.size() + " flow files for " + rawShapes.size() + " levels");
        }
        this.rawShapes = List.copyOf(rawShapes);
        this.positionalDim = positionalDim;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            for (int l = 0; l < flowFiles.size(); l++) {
                sessions.add(env.createSession(flowFiles.get(l).toString(), options));
                LevelShape s = rawShapes.get(l);
                positions.add(PositionalEncoding.table(s.height(), s.width(), positionalDim));
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Per level the per-dimension log-likelihood of every position of one image ({@code [H*W]} each). */
    public float[][] logLikelihoods(float[][] rawLevels) throws OrtException {
        if (rawLevels.length != sessions.size()) {
            throw new IllegalArgumentException("expected " + sessions.size() + " levels, got " + rawLevels.length);
        }
        float[][] out = new float[rawLevels.length][];
        for (int l = 0; l < rawLevels.length; l++) {
            LevelShape s = rawShapes.get(l);
            int n = s.positions();
            if (rawLevels[l].length != n * s.channels()) {
                throw new IllegalArgumentException("level " + (l + 1) + " has " + rawLevels[l].length
                        + " floats, expected " + n * s.channels());
            }
            try (OnnxTensor features = OnnxTensor.createTensor(env, FloatBuffer.wrap(rawLevels[l]),
                    new long[] {n, s.channels()});
                 OnnxTensor codes = OnnxTensor.createTensor(env, FloatBuffer.wrap(positions.get(l)),
                         new long[] {n, positionalDim});
                 OrtSession.Result result = sessions.get(l).run(Map.of(BgadOnnxExporter.FEATURES, features,
                         BgadOnnxExporter.POSITIONS, codes))) {
                FloatBuffer values = ((OnnxTensor) result.get(BgadOnnxExporter.LOGP).orElseThrow(
                        () -> new IllegalStateException("flow has no output " + BgadOnnxExporter.LOGP))).getFloatBuffer();
                if (values.remaining() != n) {
                    throw new IllegalStateException("flow of level " + (l + 1) + " returned " + values.remaining()
                            + " values for " + n + " positions");
                }
                out[l] = new float[n];
                values.get(out[l]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close a flow session", e);
            }
        }
        sessions.clear();
    }
}
