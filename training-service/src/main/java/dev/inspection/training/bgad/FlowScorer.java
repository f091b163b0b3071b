package dev.inspection.training.bgad;

import dev.inspection.core.bgad.PositionalEncoding;
import dev.inspection.core.bgad.AnomalyMapper;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference of trained level flows on reduced rows with DJL (outside autograd): per-level
 * log-likelihoods per position, the input of {@link AnomalyMapper}. Close it to free native memory.
 */
public final class FlowScorer implements AutoCloseable {

    private final NDManager manager;
    private final List<ConditionalFlow> flows = new ArrayList<>();
    private final List<LevelShape> shapes;
    private final List<float[]> positions = new ArrayList<>();
    private final int positionalDim;

    /** @param shapes reduced level shapes, aligned with {@code weights} */
    public FlowScorer(List<FlowWeights> weights, List<LevelShape> shapes) {
        if (weights.size() != shapes.size()) {
            throw new IllegalArgumentException(weights.size() + " flows for " + shapes.size() + " levels");
        }
        this.manager = NDManager.newBaseManager();
        this.shapes = List.copyOf(shapes);
        this.positionalDim = weights.get(0).conditionDim();
        for (int l = 0; l < weights.size(); l++) {
            flows.add(new ConditionalFlow(manager, weights.get(l)));
            LevelShape s = shapes.get(l);
            positions.add(PositionalEncoding.table(s.height(), s.width(), positionalDim));
        }
    }

    /** Per-dimension log-likelihood of every position of one image's level ({@code [H*W]}). */
    public float[] logLikelihoods(int level, float[] reducedRows) {
        LevelShape s = shapes.get(level);
        if (reducedRows.length != s.positions() * s.channels()) {
            throw new IllegalArgumentException("level " + (level + 1) + " expects " + s.positions() * s.channels()
                    + " floats, got " + reducedRows.length);
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(reducedRows, new Shape(s.positions(), s.channels()));
            NDArray cond = step.create(positions.get(level), new Shape(s.positions(), positionalDim));
            return flows.get(level).logLikelihood(x, cond).toFloatArray();
        }
    }

    /** All levels of one image. */
    public float[][] logLikelihoods(float[][] reducedLevels) {
        float[][] out = new float[reducedLevels.length][];
        for (int l = 0; l < reducedLevels.length; l++) {
            out[l] = logLikelihoods(l, reducedLevels[l]);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
