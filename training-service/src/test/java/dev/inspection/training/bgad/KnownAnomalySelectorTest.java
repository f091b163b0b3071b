package dev.inspection.training.bgad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KnownAnomalySelectorTest {

    private static List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (String type : new String[] {"broken_large", "broken_small", "contamination"}) {
            for (int i = 0; i < 20; i++) {
                out.add(type + "/" + i);
            }
        }
        return out;
    }

    private static String type(String candidate) {
        return candidate.split("/")[0];
    }

    /** Bottle has 3 defect types: 10 = 3 + 3 + 3 + 1 leftover (methods.md §2.8). */
    @Test
    void spreadsOverDefectTypes() {
        List<String> picked = KnownAnomalySelector.select(candidates(), s -> s, KnownAnomalySelectorTest::type, 10, 0);
        assertEquals(10, picked.size());
        assertEquals(10, new HashSet<>(picked).size());
        Map<String, Long> perType = picked.stream().collect(Collectors.groupingBy(KnownAnomalySelectorTest::type, Collectors.counting()));
        assertEquals(3, perType.size());
        assertTrue(perType.values().stream().allMatch(n -> n == 3 || n == 4));
        assertEquals(picked, KnownAnomalySelector.select(candidates(), s -> s, KnownAnomalySelectorTest::type, 10, 0), "seeded");
        assertThrows(IllegalArgumentException.class,
                () -> KnownAnomalySelector.select(candidates().subList(0, 5), s -> s, s -> "a", 10, 0));
    }

    /** The dataset service streams by sha256, fakes and folder readers by path: the pick must not care. */
    @Test
    void pickDoesNotDependOnTheOrderCandidatesArriveIn() {
        List<String> forward = candidates();
        List<String> reversed = new ArrayList<>(forward);
        Collections.reverse(reversed);
        List<String> shuffled = new ArrayList<>(forward);
        Collections.shuffle(shuffled, new Random(42));
        for (long seed = 0; seed < 3; seed++) {
            List<String> picked = KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, seed);
            assertEquals(picked, KnownAnomalySelector.select(reversed, s -> s, KnownAnomalySelectorTest::type, 10, seed));
            assertEquals(picked, KnownAnomalySelector.select(shuffled, s -> s, KnownAnomalySelectorTest::type, 10, seed));
        }
        assertNotEquals(KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, 0),
                KnownAnomalySelector.select(forward, s -> s, KnownAnomalySelectorTest::type, 10, 1), "the seed matters");
    }
}
