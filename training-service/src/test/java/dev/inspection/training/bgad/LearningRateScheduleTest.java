package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void learningRateScheduleWarmsUpThenDecays() {
        LearningRateSchedule s = new LearningRateSchedule(2e-4, 25, 2, 0.1);
        assertEquals(2e-5, s.at(0), 1e-12);
        double warmTo = 2e-7 + (2e-4 - 2e-7) * (1 + Math.cos(Math.PI * 2 / 25)) / 2;
        assertEquals(warmTo, s.at(2.0 / 25), 1e-12);
        assertEquals(2e-7 + (2e-4 - 2e-7) * (1 + Math.cos(Math.PI * 24 / 25)) / 2, s.at(1.0), 1e-12);
    }
}
