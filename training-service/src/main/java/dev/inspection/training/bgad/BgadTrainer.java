package dev.inspection.training.bgad;

import dev.inspection.core.bgad.PositionalEncoding;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * BGAD training (methods.md §2.6) on DJL PyTorch. Per step and per level one chunk of
 * {@code rowsPerChunk} rows is drawn from {@code imagesPerStep} training entries (the CPU recipe of
 * shared/reference/bgad_ref.py); the first 1/25 of the steps is maximum likelihood on normal rows
 * only, the rest the boundary-guided semi-push-pull loss on entries mixing normals, the known
 * anomalies (reused {@code realReuse} times) and pseudo anomalies ({@code pseudoEntries} per known
 * anomaly, each entry drawing from that anomaly's pool). One Adam over all levels; the learning rate
 * follows {@link LearningRateSchedule} over the steps.
 */
public final class BgadTrainer {

    private static final int EPOCHS = 25;
    private static final int WARMUP_EPOCHS = 2;
    private static final double LR_DECAY = 0.1;
    private static final int REPORT_EVERY = 10;

    private final LevelFeatureSource source;

    public BgadTrainer(LevelFeatureSource source) {
        this.source = source;
    }

    /** Full run from images: features, pseudo anomalies, training, frozen scoring constants. */
    public BgadModel train(List<NormalImage> normals, List<KnownAnomaly> known, BgadConfig config,
                           BgadProgressListener listener, BooleanSupplier cancelled) {
        if (known == null || known.isEmpty()) {
            throw new IllegalArgumentException("no labelled anomalies: BGAD needs at least one anomalous image with "
                    + "a defect mask");
        }
        BgadDataPreparation preparation = new BgadDataPreparation(source);
        NormalFeatures normalFeatures = preparation.prepareNormals(normals, config, listener, cancelled);
        AnomalyFeatures anomalies = preparation.prepareAnomalies(normalFeatures, known, config, listener, cancelled);
        return train(normalFeatures, anomalies, config, listener, cancelled);
    }

    /** Training on prepared features (lets a caller reuse the normal features across seeds). */
    public static BgadModel train(NormalFeatures normals, AnomalyFeatures anomalies, BgadConfig config,
                                  BgadProgressListener listener, BooleanSupplier cancelled) {
        List<LevelShape> shapes = normals.bank().shapes();
        SplittableRandom random = new SplittableRandom(config.seed());
        long start = System.nanoTime();
        List<FlowWeights> trained;
        int skippedUpdates;
        try (NDManager manager = NDManager.newBaseManager()) {
            List<ConditionalFlow> flows = new ArrayList<>();
            List<NDArray> parameters = new ArrayList<>();
            int[] parameterStart = new int[shapes.size() + 1];
            for (int l = 0; l < shapes.size(); l++) {
                ConditionalFlow flow = new ConditionalFlow(manager, FlowWeights.initial(shapes.get(l).channels(),
                        config.positionalDim(), config.couplingBlocks(), config.clampAlpha(), config.seed() * 31 + l));
                flows.add(flow);
                parameterStart[l] = parameters.size();
                parameters.addAll(flow.trainableParameters());
            }
            parameterStart[shapes.size()] = parameters.size();
            AdamOptimizer adam = new AdamOptimizer(manager, parameters);
            LearningRateSchedule schedule = new LearningRateSchedule(config.learningRate(), EPOCHS, WARMUP_EPOCHS, LR_DECAY);
            TrainingEntries entries = new TrainingEntries(normals.bank(), anomalies, config);
            List<float[]> positions = new ArrayList<>();
            for (LevelShape s : shapes) {
                positions.add(PositionalEncoding.table(s.height(), s.width(), config.positionalDim()));
            }
            int rows = config.rowsPerChunk();
            int pd = config.positionalDim();
            int mlSteps = Math.max(1, config.steps() / EPOCHS);
            DivergenceGuard guard = new DivergenceGuard(shapes.size());
            for (int step = 0; step < config.steps(); step++) {
                BgadDataPreparation.checkCancelled(cancelled);
                double progress = (double) step / config.steps();
                double lr = schedule.at(progress);
                boolean maximumLikelihood = step < mlSteps;
                int[][] batch = entries.drawBatch(config.imagesPerStep(), maximumLikelihood, random);
                double lossSum = 0;
                for (int l = 0; l < shapes.size(); l++) {
                    LevelShape s = shapes.get(l);
                    int c = s.channels();
                    float[] x = new float[rows * c];
                    float[] cond = new float[rows * pd];
                    boolean[] anomalous = new boolean[rows];
                    float[] pos = positions.get(l);
                    for (int r = 0; r < rows; r++) {
                        int[] e;
                        int position;
                        FeatureBank bank;
                        do { // an ignored cell always has an anomalous neighbour, so this ends
                            e = batch[random.nextInt(batch.length)];
                            position = random.nextInt(s.positions());
                            bank = entries.bank(e[0]);
                        } while (bank.isIgnored(e[1], l, position));
                        bank.copyRow(e[1], l, position, x, r * c);
                        System.arraycopy(pos, position * pd, cond, r * pd, pd);
                        anomalous[r] = bank.isAnomalous(e[1], l, position);
                    }
                    boolean backwardDone = false;
                    try (NDManager chunk = manager.newSubManager();
                         GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logp = flows.get(l).logLikelihood(chunk.create(x, new Shape(rows, c)),
                                chunk.create(cond, new Shape(rows, pd)));
                        float[] detached = logp.toFloatArray();
                        if (guard.allFinite(detached, l, step, "log-likelihood")) {
                            BoundaryLoss.Terms terms = maximumLikelihood ? BoundaryLoss.maximumLikelihood(detached)
                                    : BoundaryLoss.boundaryGuided(detached, anomalous, config.lossSettings());
                            NDArray loss = softplusOfNegative(logp).mul(chunk.create(terms.softplusWeights())).sum()
                                    .add(logp.mul(chunk.create(terms.linearWeights())).sum());
                            collector.backward(loss);
                            lossSum += terms.value();
                            backwardDone = true;
                        }
                    }
                    if (backwardDone) {
                        if (adam.gradientsFinite(parameterStart[l], parameterStart[l + 1])) {
                            adam.step(lr, parameterStart[l], parameterStart[l + 1]);
                            guard.applied(l);
                        } else {
                            adam.discardGradients(parameterStart[l], parameterStart[l + 1]);
                            guard.skip(l, step, "gradient");
                        }
                    }
                }
                if ((step + 1) % REPORT_EVERY == 0 || step + 1 == config.steps() || step + 1 == mlSteps) {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    Duration eta = elapsed.multipliedBy(config.steps() - step - 1).dividedBy(step + 1);
                    listener.onProgress(new BgadProgress(maximumLikelihood ? "train-ml" : "train-bgspp",
                            (int) ((long) step * EPOCHS / config.steps()), step + 1, config.steps(),
                            lossSum / shapes.size(), lr, elapsed, eta));
                }
            }
            trained = flows.stream().map(ConditionalFlow::snapshot).toList();
            skippedUpdates = guard.skipped();
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        ScoringConstants constants = ScoringConstants.fromTrainingNormals(trained, normals.bank(), config, random);
        return new BgadModel(config, normals.preprocessing(), normals.rawShapes(), shapes, normals.reductions(),
                trained, constants, anomalies.knownIds(), trainSeconds, skippedUpdates);
    }

    /**
     * Stable {@code softplus(-z) = -log sigmoid(z) = max(-z, 0) + log(1 + exp(-|z|))}. The constants
     * are arrays of z's scope: autograd keeps {@code maximum}'s operand for the backward pass, and
     * DJL's {@code maximum(0f)} would free it right away (see {@link ConditionalFlow#logLikelihood}).
     */
    static NDArray softplusOfNegative(NDArray z) {
        NDManager scope = z.getManager();
        return z.neg().maximum(scope.create(0f)).add(z.abs().neg().exp().add(scope.create(1f)).log());
    }

    /** The training set as entries {bank id, index}: 0 normal, 1 known, 2 pseudo (resolved per draw). */
    private static final class TrainingEntries {
        private final FeatureBank normals;
        private final AnomalyFeatures anomalies;
        private final int[][] pseudoByKnown;
        private final int normalCount;
        private final int realEntries;
        private final int pseudoEntries;
        private final int realReuse;
        private final int pseudoPerKnown;

        TrainingEntries(FeatureBank normals, AnomalyFeatures anomalies, BgadConfig config) {
            this.normals = normals;
            this.anomalies = anomalies;
            this.normalCount = normals.size();
            int known = anomalies.known().size();
            this.realReuse = config.realReuse();
            this.pseudoPerKnown = anomalies.pseudo().size() > 0 ? config.pseudoEntries() : 0;
            this.realEntries = known * realReuse;
            this.pseudoEntries = known * pseudoPerKnown;
            this.pseudoByKnown = new int[known][];
            int[] src = anomalies.pseudoSource();
            for (int k = 0; k < known; k++) {
                int kk = k;
                pseudoByKnown[k] = java.util.stream.IntStream.range(0, src.length).filter(i -> src[i] == kk).toArray();
            }
        }

        FeatureBank bank(int kind) {
            return kind == 0 ? normals : kind == 1 ? anomalies.known() : anomalies.pseudo();
        }

        int[][] drawBatch(int size, boolean normalsOnly, SplittableRandom random) {
            int total = normalsOnly ? normalCount : normalCount + realEntries + pseudoEntries;
            int n = Math.min(size, total);
            int[] pick = distinct(total, n, random);
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                int e = pick[i];
                if (e < normalCount) {
                    out[i] = new int[] {0, e};
                } else if (e < normalCount + realEntries) {
                    out[i] = new int[] {1, (e - normalCount) / realReuse};
                } else {
                    int[] pool = pseudoByKnown[(e - normalCount - realEntries) / pseudoPerKnown];
                    out[i] = pool.length == 0 ? new int[] {1, (e - normalCount - realEntries) / pseudoPerKnown}
                            : new int[] {2, pool[random.nextInt(pool.length)]};
                }
            }
            return out;
        }

        private static int[] distinct(int total, int n, SplittableRandom random) {
            int[] all = new int[total];
            for (int i = 0; i < total; i++) {
                all[i] = i;
            }
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(total - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            return java.util.Arrays.copyOf(all, n);
        }
    }
}
