package dev.inspection.dataset.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValidationSplitCarverTest {
    @Test
    void carvesTheRequestedShareDeterministically() {
        ValidationSplitCarver fifth = new ValidationSplitCarver(0.2);
        ValidationSplitCarver tenth = new ValidationSplitCarver(0.1);
        int carved = 0;
        for (int i = 0; i < 10_000; i++) {
            String sha = Sha256.hex(("image-" + i).getBytes(StandardCharsets.UTF_8));
            boolean inFifth = fifth.isValidation(sha);
            assertEquals(inFifth, new ValidationSplitCarver(0.2).isValidation(sha), "same hash, same split");
            if (tenth.isValidation(sha)) {
                assertTrue(inFifth, "a smaller fraction carves a subset");
            }
            carved += inFifth ? 1 : 0;
        }
        assertTrue(carved > 1850 && carved < 2150, "about 20% carved, got " + carved);
    }

    @Test
    void zeroFractionKeepsEverythingInTrain() {
        ValidationSplitCarver none = new ValidationSplitCarver(0);
        assertFalse(none.isValidation("0".repeat(64)));
        assertEquals(ImageSplit.TRAIN, none.splitOfTrainImage("0".repeat(64)));
        assertEquals(ImageSplit.VALIDATION, new ValidationSplitCarver(0.01).splitOfTrainImage("0".repeat(64)));
    }

    @Test
    void rejectsFractionsOutsideTheUnitInterval() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ValidationSplitCarver(bad));
            assertTrue(e.getMessage().startsWith("validation_fraction"));
        }
    }
}
