package dev.inspection.training.pipeline;

import dev.inspection.training.jobs.CancellationToken;
import dev.inspection.training.jobs.TrainingStep;
import dev.inspection.training.simplenet.SimpleNetConfig;
import dev.inspection.training.simplenet.SimpleNetOnnxExporter;
import dev.inspection.training.simplenet.SimpleNetTrainer;
import dev.inspection.training.simplenet.TrainedSimpleNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * {@link MethodTrainer} over the DJL {@link SimpleNetTrainer}: holds the training features in memory as
 * float16 ({@link Float16FeatureTable}), trains,
 * and exports the folded head with {@link SimpleNetOnnxExporter} as {@code head.onnx}
 * ({@code embeddings [N, D] -> patch_scores}, the raw score {@code -D}).
 */
public final class SimpleNetMethodTrainer implements MethodTrainer {

    public static final String HEAD_FILE = "head.onnx";
    public static final String INPUT = SimpleNetOnnxExporter.INPUT;
    public static final String OUTPUT = SimpleNetOnnxExporter.OUTPUT;

    private final SimpleNetTrainer trainer = new SimpleNetTrainer();

    @Override
    public TrainedHead train(FeatureRows normals, SortedMap<String, String> config, long seed,
                             Consumer<TrainingStep> onStep, CancellationToken cancellation) throws Exception {
        SimpleNetConfig settings = SimpleNetConfig.from(config);
        Float16FeatureTable table = Float16FeatureTable.load(normals, cancellation::throwIfCancelled);
        int totalSteps = settings.totalSteps(normals.images());
        int epochs = settings.sampling() == SimpleNetConfig.Sampling.WHOLE_IMAGES
                ? settings.metaEpochs() * settings.ganEpochs()
                : (int) Math.max(1, Math.ceil((double) totalSteps * settings.patchesPerStep() / table.rowCount()));
        TrainedSimpleNet trained = trainer.train(table, settings, p -> onStep.accept(new TrainingStep(
                Math.min(epochs, p.epoch() + 1), epochs, p.step(), p.totalSteps(), p.loss(), p.meanNormal(),
                p.meanNoisy())), cancellation);
        return new Head(trained);
    }

    record Head(TrainedSimpleNet trained) implements TrainedHead {
        @Override
        public List<Artifact> exportOnnx(Path folder) throws IOException {
            SimpleNetOnnxExporter.export(trained, folder.resolve(HEAD_FILE));
            return List.of(new Artifact("head", HEAD_FILE, List.of(INPUT), List.of(OUTPUT)));
        }

        @Override
        public Map<String, Double> calibrationConstants() {
            return Map.of("noise_std", trained.summary().noiseStd());
        }
    }
}
