package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSetFitTest {

    private static DatasetStatistics train(long normals) {
        return DatasetStatistics.newBuilder().addGroups(GroupCount.newBuilder().setSplit(Split.TRAIN)
                .setLabel(Label.NORMAL).setDefectType("good").setImages(normals)).addGroups(GroupCount.newBuilder()
                .setSplit(Split.TEST).setLabel(Label.ANOMALOUS).setDefectType("crack").setImages(900)).build();
    }

    @Test
    void smallTrainSplitsKeepTheRequestedOverrides() {
        Map<String, String> requested = Map.of("steps", "200");
        assertEquals(requested, TrainingSetFit.overrides(requested, train(209), System.out));
    }

    @Test
    void magneticTileHoldsOutEnoughNormalsToFit() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, String> fitted = TrainingSetFit.overrides(Map.of(), train(761), new PrintStream(text, true));
        assertEquals("0.30", fitted.get("validationFraction"));
        long held = Math.round(0.30 * 761);
        assertTrue(761 - held <= TrainingSetFit.MAX_TRAINING_IMAGES, "train images " + (761 - held));
        assertEquals(539, TrainingSetFit.MAX_TRAINING_IMAGES);
        assertTrue(text.toString().contains("holding out validationFraction=0.30"), text.toString());
    }

    @Test
    void anExplicitFractionOrAValidationSplitWins() {
        assertEquals(Map.of("validation_fraction", "0.2"),
                TrainingSetFit.overrides(Map.of("validation_fraction", "0.2"), train(5000), System.out));
        DatasetStatistics withValidation = train(5000).toBuilder().addGroups(GroupCount.newBuilder()
                .setSplit(Split.VALIDATION).setLabel(Label.NORMAL).setImages(100)).build();
        assertEquals(Map.of(), TrainingSetFit.overrides(Map.of(), withValidation, System.out));
    }

    @Test
    void everyTrainSizeFitsAfterTheHoldOut() {
        for (long n = 540; n <= 20_000; n += 37) {
            String fraction = TrainingSetFit.overrides(Map.of(), train(n), new PrintStream(new ByteArrayOutputStream()))
                    .getOrDefault("validationFraction", Double.toString(TrainingSetFit.DEFAULT_VALIDATION_FRACTION));
            long kept = n - Math.round(Double.parseDouble(fraction) * n);
            assertTrue(kept <= TrainingSetFit.MAX_TRAINING_IMAGES, n + " normals keep " + kept);
        }
    }
}
