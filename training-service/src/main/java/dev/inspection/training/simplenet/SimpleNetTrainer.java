package dev.inspection.training.simplenet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.inspection.training.features.FeatureTable;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobCancelledException;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains SimpleNet's adaptor and discriminator on DJL PyTorch (methods.md §1.4-1.8) with a fixed
 * schedule (no test-set model selection):
 * <ol>
 *   <li>initialise the weights from the seed;</li>
 *   <li>choose the noise sigma: fixed, or k x the mean per-dimension std of the adapted features of
 *       {@code noiseSampleRows} random training rows at initialisation;</li>
 *   <li>each step: draw rows, add Gaussian noise (drawn here in Java from the seed, so runs repeat)
 *       to their adapted features, one shared truncated-L1 loss on [true; noisy], AdamW on the
 *       adaptor and Adam on the discriminator, both at the configured schedule's rate.</li>
 * </ol>
 * The random streams for initialisation, the spread sample, row sampling and noise are split from
 * one {@link SplittableRandom} seeded with {@code config.seed()}.
 */
public final class SimpleNetTrainer {

    private static final String ENGINE = "PyTorch";
    /** Rows adapted per chunk while measuring the feature spread (bounds native memory). */
    private static final int SPREAD_CHUNK_ROWS = 2048;
    /** Successive sigma multipliers of SimpleNet's mix_noise. */
    private static final double MIX_NOISE_FACTOR = 1.1;

    /**
     * Trains on every row of {@code data}.
     *
     * @param cancellation polled before every step; null for a run nobody cancels
     * @throws JobCancelledException     when {@code cancellation} was cancelled before a step
     * @throws IllegalArgumentException   when the data cannot train this configuration
     */
    public TrainedSimpleNet train(FeatureTable data, SimpleNetConfig config, ProgressListener listener,
                                  CancellationToken cancellation) {
        if (data == null || config == null) {
            throw new IllegalArgumentException("training data and config are required");
        }
        if (data.rowCount() < 2) {
            throw new IllegalArgumentException("SimpleNet needs at least 2 feature rows, got " + data.rowCount());
        }
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        CancellationToken cancel = cancellation == null ? CancellationToken.never("SimpleNet training") : cancellation;
        int dim = data.featureDim();

        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom initRandom = root.split();
        SplittableRandom spreadRandom = root.split();
        SplittableRandom sampleRandom = root.split();
        SplittableRandom noiseRandom = root.split();

        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed(Long.hashCode(config.seed())); // nothing here draws from it; keeps any DJL op repeatable
        SimpleNetWeights initial = SimpleNetWeights.initialize(dim, config.hiddenDim(), config.batchNormEps(),
                config.leakySlope(), initRandom);
        try (NDManager manager = engine.newBaseManager();
             SimpleNetNetwork network = new SimpleNetNetwork(manager, initial, config.batchNormMomentum())) {
            double spread = Double.NaN;
            double sigma = config.noiseStd();
            if (config.noise() == SimpleNetConfig.NoiseRule.RELATIVE) {
                spread = adaptedSpread(network, data, config.noiseSampleRows(), spreadRandom);
                sigma = config.noiseRelative() * spread;
            }
            AdamOptimizer adaptorOptimizer = AdamOptimizer.adamW(config.adaptorLr(), config.adaptorWeightDecay(),
                    config.beta1(), config.beta2(), config.adamEps());
            AdamOptimizer discriminatorOptimizer = AdamOptimizer.adam(config.discriminatorLr(),
                    config.discriminatorWeightDecay(), config.beta1(), config.beta2(), config.adamEps());

            RowSampler sampler = RowSampler.create(data, config, sampleRandom);
            float[] batch = new float[sampler.maxRows() * dim];
            float[] noise = new float[batch.length];
            int totalSteps = config.totalSteps(data.imageCount());
            long start = System.nanoTime();
            double lastLoss = Double.NaN;
            for (int step = 0; step < totalSteps; step++) {
                if (cancel.isCancelled()) {
                    cancel.throwIfCancelled("after " + step + " of " + totalSteps + " training steps");
                }
                double lrFactor = config.lrSchedule().factor(step, totalSteps, config.lrMinFactor());
                adaptorOptimizer.scaleLearningRate(lrFactor);
                discriminatorOptimizer.scaleLearningRate(lrFactor);
                int n = sampler.next(batch);
                fillNoise(noise, n, dim, sigma, config.mixNoise(), noiseRandom);
                SimpleNetNetwork.StepStats stats;
                try (NDScope ignored = new NDScope()) {
                    stats = network.trainStep(batch, noise, n, config.margin(), adaptorOptimizer,
                            discriminatorOptimizer);
                }
                if (!Double.isFinite(stats.loss())) {
                    throw new IllegalStateException("SimpleNet loss became " + stats.loss() + " at step " + (step + 1)
                            + "; lower the learning rates or check the features for NaN/Inf");
                }
                lastLoss = stats.loss();
                long elapsed = System.nanoTime() - start;
                int done = step + 1;
                Duration eta = Duration.ofNanos((long) ((double) elapsed / done * (totalSteps - done)));
                progress.onStep(new TrainingProgress(sampler.pass(), done, totalSteps, stats.loss(),
                        stats.meanNormal(), stats.meanNoisy(), stats.pTrue(), stats.pFake(),
                        Duration.ofNanos(elapsed), eta));
            }
            TrainedSimpleNet.TrainingSummary summary = new TrainedSimpleNet.TrainingSummary(totalSteps,
                    data.imageCount(), sigma, spread, lastLoss, Duration.ofNanos(System.nanoTime() - start));
            return new TrainedSimpleNet(network.snapshot(), config, summary);
        }
    }

    /** Mean per-dimension std of adapt(f) over up to {@code sampleRows} distinct random rows. */
    static double adaptedSpread(SimpleNetNetwork network, FeatureTable data, int sampleRows, SplittableRandom random) {
        long[] rows = distinctRows(data.rowCount(), sampleRows, random);
        int dim = data.featureDim();
        NoiseScale scale = new NoiseScale(dim);
        long[] chunk = new long[SPREAD_CHUNK_ROWS];
        float[] features = new float[SPREAD_CHUNK_ROWS * dim];
        for (int start = 0; start < rows.length; start += SPREAD_CHUNK_ROWS) {
            int n = Math.min(SPREAD_CHUNK_ROWS, rows.length - start);
            System.arraycopy(rows, start, chunk, 0, n);
            data.readRows(chunk, n, features);
            try (NDScope ignored = new NDScope()) {
                NDArray adapted = network.adapt(network.rows(features, n));
                scale.add(adapted.toFloatArray(), n);
            }
        }
        return scale.meanStd();
    }

    /** {@code min(count, total)} distinct rows in ascending order (Floyd's sampling when sparse). */
    static long[] distinctRows(long total, int count, SplittableRandom random) {
        if (count >= total) {
            long[] all = new long[(int) total];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Set<Long> chosen = new HashSet<>(count * 2);
        for (long j = total - count; j < total; j++) {
            long t = random.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] rows = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(rows);
        return rows;
    }

    /** Gaussian noise for {@code n} rows; with mixNoise K each row's sigma is sigma * 1.1^k, k uniform in [0, K). */
    static void fillNoise(float[] noise, int n, int dim, double sigma, int mixNoise, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            double rowSigma = mixNoise > 1 ? sigma * Math.pow(MIX_NOISE_FACTOR, random.nextInt(mixNoise)) : sigma;
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                noise[base + j] = (float) (random.nextGaussian() * rowSigma);
            }
        }
    }
}
