package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValidationCarveTest {

    private static List<SnapshotFeatures.Member> members(int n, long seed) {
        Random random = new Random(seed);
        List<SnapshotFeatures.Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < 64; k++) {
                id.append(Character.forDigit(random.nextInt(16), 16));
            }
            out.add(new SnapshotFeatures.Member(id.toString(), Split.TRAIN, Label.NORMAL, "good", null));
        }
        return out;
    }

    @Test
    void sameMembersInAnyOrderGiveTheSameSplit() {
        List<SnapshotFeatures.Member> all = members(50, 1);
        List<SnapshotFeatures.Member> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(2));
        ValidationCarve.Split<SnapshotFeatures.Member> a = ValidationCarve.carve(all, SnapshotFeatures.Member::imageId, 0.1);
        ValidationCarve.Split<SnapshotFeatures.Member> b = ValidationCarve.carve(shuffled, SnapshotFeatures.Member::imageId,
                0.1);
        assertEquals(a, b);
        assertEquals(5, a.validation().size());
        assertEquals(45, a.train().size());
        var trainIds = new HashSet<>(a.train().stream().map(SnapshotFeatures.Member::imageId).toList());
        assertTrue(a.validation().stream().noneMatch(m -> trainIds.contains(m.imageId())), "disjoint");
    }

    @Test
    void smallSetsKeepTwoForCalibrationAndOneForTraining() {
        ValidationCarve.Split<SnapshotFeatures.Member> s = ValidationCarve.carve(members(3, 3),
                SnapshotFeatures.Member::imageId, 0.1);
        assertEquals(2, s.validation().size());
        assertEquals(1, s.train().size());
        assertThrows(IllegalArgumentException.class, () -> ValidationCarve.carve(members(2, 4),
                SnapshotFeatures.Member::imageId, 0.5));
    }

    @Test
    void plainIdsCarveTheSmallestIdsAndRejectABadFraction() {
        ValidationCarve.Split<String> s = ValidationCarve.carve(List.of("d", "b", "e", "a", "c"), id -> id, 0.3);
        assertEquals(List.of("a", "b"), s.validation());
        assertEquals(List.of("c", "d", "e"), s.train());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationCarve.carve(List.of("a", "b", "c"), id -> id, 1.0));
        assertTrue(e.getMessage().contains("validation fraction"), e.getMessage());
    }
}
