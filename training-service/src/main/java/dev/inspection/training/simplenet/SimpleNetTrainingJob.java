package dev.inspection.training.simplenet;

import dev.inspection.core.postprocess.CalibrationFit;
import dev.inspection.core.postprocess.CalibrationFitter;
import dev.inspection.training.features.CachedFeatureTable;
import dev.inspection.training.features.FeatureCache;
import dev.inspection.training.features.FeatureCacheKey;
import dev.inspection.training.features.FeatureSource;
import dev.inspection.training.features.FeatureStorage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain part of a SimpleNet training job: split train/good into training and held-out
 * validation images, fetch (or reuse cached) embeddings, train with the fixed schedule, score the
 * validation images and fit the calibration from them with the shared {@link CalibrationFitter}.
 * The gRPC job service, registry and persistence wrap this.
 */
public final class SimpleNetTrainingJob {

    /** Everything a finished job hands to the registry. */
    public record Result(TrainedSimpleNet model, CalibrationFit calibration, ValidationSplit split,
                         double[] validationImageScores) {
    }

    /** Where features come from and how they are cached. */
    public record Features(FeatureSource source, FeatureCache cache, String datasetSnapshotId,
                           FeatureStorage storage, int gridHeight, int gridWidth, int mapSize) {
        public Features {
            if ((long) gridHeight * gridWidth != source.patchesPerImage()) {
                throw new IllegalArgumentException("grid " + gridHeight + "x" + gridWidth + " does not match the "
                        + source.patchesPerImage() + " patches per image of the feature source");
            }
        }
    }

    private final SimpleNetTrainer trainer = new SimpleNetTrainer();
    private final CalibrationFitter calibrationFitter;

    public SimpleNetTrainingJob() {
        this(new CalibrationFitter());
    }

    public SimpleNetTrainingJob(CalibrationFitter calibrationFitter) {
        this.calibrationFitter = calibrationFitter;
    }

    /**
     * Runs the job on the normal training images {@code normalImageIds}.
     *
     * @throws TrainingCancelledException when cancelled
     * @throws IOException                when features cannot be read or computed
     */
    public Result run(List<String> normalImageIds, Features features, SimpleNetConfig config,
                      FeatureCache.ExtractionListener extraction, ProgressListener progress,
                      CancellationToken cancellation) throws IOException {
        ValidationSplit split = ValidationSplit.carve(normalImageIds, config.validationFraction(), config.seed());
        if (split.validation().size() < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 held-out normal images: validationFraction "
                    + config.validationFraction() + " of " + normalImageIds.size() + " images holds out "
                    + split.validation().size());
        }
        FeatureCacheKey key = FeatureCacheKey.of(features.datasetSnapshotId(), features.source(), features.storage());
        CachedFeatureTable training = features.cache().load(key, split.training(), features.source(), extraction);
        CachedFeatureTable validation = features.cache().load(key, split.validation(), features.source(),
                extraction);
        TrainedSimpleNet model = trainer.train(training, config, progress, cancellation);

        int n = validation.imageCount();
        double[] scores = new double[n];
        List<float[]> maps = new ArrayList<>(n);
        float[] embeddings = new float[validation.patchesPerImage() * validation.featureDim()];
        try (SimpleNetImageScorer scorer = new SimpleNetImageScorer(model, features.gridHeight(),
                features.gridWidth(), features.mapSize())) {
            for (int i = 0; i < n; i++) {
                validation.readImage(i, embeddings, 0);
                SimpleNetImageScorer.ScoredImage scored = scorer.score(embeddings);
                scores[i] = scored.imageScore();
                maps.add(scored.pixelMap());
            }
        }
        CalibrationFit calibration = calibrationFitter.fit(scores, new double[0], maps);
        return new Result(model, calibration, split, scores);
    }
}
