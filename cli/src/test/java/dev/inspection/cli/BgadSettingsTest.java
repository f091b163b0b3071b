package dev.inspection.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BgadSettingsTest {

    private static DatasetStatistics stats(long... anomaliesAndMasks) {
        DatasetStatistics.Builder b = DatasetStatistics.newBuilder().addGroups(GroupCount.newBuilder()
                .setSplit(Split.TRAIN).setLabel(Label.NORMAL).setDefectType("good").setImages(209));
        for (int i = 0; i < anomaliesAndMasks.length; i += 2) {
            b.addGroups(GroupCount.newBuilder().setSplit(Split.TEST).setLabel(Label.ANOMALOUS).setDefectType("t" + i)
                    .setImages(anomaliesAndMasks[i]).setMasks(anomaliesAndMasks[i + 1]));
        }
        return b.build();
    }

    @Test
    void aThirdOfTheMaskedAnomaliesBetweenOneAndThePresetsTen() {
        assertEquals(63, BgadSettings.maskedAnomalies(stats(20, 20, 22, 22, 21, 21)));
        assertEquals(10, BgadSettings.knownAnomalies(63), "bottle keeps the preset's 10");
        assertEquals(1, BgadSettings.knownAnomalies(4), "a small subset trains on one and evaluates three");
        assertEquals(1, BgadSettings.knownAnomalies(1));
        assertEquals(5, BgadSettings.knownAnomalies(15));
        assertThrows(IllegalArgumentException.class, () -> BgadSettings.knownAnomalies(0));
    }

    @Test
    void onlyAnomaliesWithMasksCount() {
        assertEquals(3, BgadSettings.maskedAnomalies(stats(5, 3, 2, 0)));
    }

    @Test
    void theUsersValueWins() {
        DatasetStatistics bottle = stats(63, 63);
        assertEquals(Map.of("steps", "20", "known_anomalies", "10"),
                BgadSettings.overrides(Map.of("steps", "20"), bottle));
        assertEquals(Map.of("known_anomalies", "3"), BgadSettings.overrides(Map.of("known_anomalies", "3"), bottle));
        assertEquals(Map.of("knownAnomalies", "2"), BgadSettings.overrides(Map.of("knownAnomalies", "2"), bottle));
        assertEquals("BGAD trains on 10 of the 63 labelled anomalies with masks (the known anomalies; the evaluation "
                + "leaves them out)", BgadSettings.describe(BgadSettings.overrides(Map.of(), bottle), bottle));
    }
}
