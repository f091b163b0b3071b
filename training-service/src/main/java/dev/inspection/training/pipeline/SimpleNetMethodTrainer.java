package dev.inspection.training.pipeline;

import dev.inspection.core.onnx.OnnxDim;
import dev.inspection.core.onnx.OnnxGraphBuilder;
import dev.inspection.core.onnx.OnnxOps;
import dev.inspection.training.features.InMemoryFeatureTable;
import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.JobCancelledException;
import dev.inspection.training.jobs.TrainingStep;
import dev.inspection.training.simplenet.FoldedHead;
import dev.inspection.training.simplenet.SimpleNetConfig;
import dev.inspection.training.simplenet.SimpleNetTrainer;
import dev.inspection.training.simplenet.TrainedSimpleNet;
import dev.inspection.training.simplenet.TrainingCancelledException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * {@link MethodTrainer} over the DJL {@link SimpleNetTrainer}: loads the training features, trains,
 * and exports the folded head (adaptor, BatchNorm and first discriminator layer folded into one
 * Linear) as {@code head.onnx}: {@code patch_embeddings [N, D] -> patch_scores [N]} with
 * {@code score = -(w2 . LeakyReLU(W' x + b'))}.
 */
public final class SimpleNetMethodTrainer implements MethodTrainer {

    public static final String HEAD_FILE = "head.onnx";
    public static final String INPUT = "patch_embeddings";
    public static final String OUTPUT = "patch_scores";

    private final SimpleNetTrainer trainer = new SimpleNetTrainer();

    @Override
    public TrainedHead train(FeatureRows normals, SortedMap<String, String> config, long seed,
                             Consumer<TrainingStep> onStep, CancellationToken cancellation) throws Exception {
        SimpleNetConfig settings = SimpleNetConfig.from(config);
        long floats = (long) normals.images() * normals.rowsPerImage() * normals.dim();
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(normals.images() + " training images of " + normals.rowsPerImage() + "x"
                    + normals.dim() + " features do not fit one in-memory table; use fewer images");
        }
        float[] data = new float[(int) floats];
        int perImage = normals.rowsPerImage() * normals.dim();
        for (int i = 0; i < normals.images(); i++) {
            cancellation.throwIfCancelled();
            normals.read(i, data, i * perImage);
        }
        InMemoryFeatureTable table = new InMemoryFeatureTable(data, normals.images(), normals.rowsPerImage(),
                normals.dim());
        int totalSteps = settings.totalSteps(normals.images());
        int epochs = settings.sampling() == SimpleNetConfig.Sampling.WHOLE_IMAGES
                ? settings.metaEpochs() * settings.ganEpochs()
                : (int) Math.max(1, Math.ceil((double) totalSteps * settings.patchesPerStep() / table.rowCount()));
        try {
            TrainedSimpleNet trained = trainer.train(table, settings, p -> onStep.accept(new TrainingStep(
                    Math.min(epochs, p.epoch() + 1), epochs, p.step(), p.totalSteps(), p.loss(), p.meanNormal(),
                    p.meanNoisy())), cancellation::isCancelled);
            return new Head(trained);
        } catch (TrainingCancelledException e) {
            throw new JobCancelledException("training cancelled after " + e.completedSteps() + " steps");
        }
    }

    record Head(TrainedSimpleNet trained) implements TrainedHead {
        @Override
        public List<Artifact> exportOnnx(Path folder) throws IOException {
            writeHead(trained.foldedHead(), folder.resolve(HEAD_FILE));
            return List.of(new Artifact("head", HEAD_FILE, List.of(INPUT), List.of(OUTPUT)));
        }

        @Override
        public Map<String, Double> calibrationConstants() {
            return Map.of("noise_std", trained.summary().noiseStd());
        }
    }

    /** Writes the folded head as an ONNX graph. */
    static void writeHead(FoldedHead head, Path target) throws IOException {
        int d = head.featureDim();
        int h = head.hiddenDim();
        OnnxGraphBuilder graph = new OnnxGraphBuilder("simplenet_head")
                .producer("inspection training-service", "1")
                .metadata("method", "SIMPLENET")
                .metadata("score", "-D(adaptor(x)), higher = more anomalous");
        OnnxOps ops = new OnnxOps(graph);
        String x = graph.input(INPUT, OnnxDim.symbolic("N"), OnnxDim.fixed(d));
        String hidden = ops.leakyRelu(ops.gemm("hidden", x, head.weight(), d, h, head.bias(), true),
                (float) head.leakySlope());
        float[] negated = head.outputWeight().clone();
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -negated[i];
        }
        String column = ops.gemm("score", hidden, negated, h, 1, new float[1], true);
        String flat = ops.reshape(column, -1);
        graph.op("Identity").inputs(flat).outputs(OUTPUT).add();
        graph.output(OUTPUT, OnnxDim.symbolic("N"));
        graph.writeTo(target);
    }
}
