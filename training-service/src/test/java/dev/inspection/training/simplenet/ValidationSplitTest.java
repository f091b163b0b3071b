package dev.inspection.training.simplenet;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationSplitTest {

    private final List<String> ids = IntStream.range(0, 209).mapToObj(i -> String.format("train/good/%03d.png", i))
            .toList();

    @Test
    void holdsOutTheFractionDisjointlyAndRepeatably() {
        ValidationSplit split = ValidationSplit.carve(ids, 0.1, 0);
        assertEquals(21, split.validation().size());
        assertEquals(188, split.training().size());
        Set<String> all = new HashSet<>(split.training());
        all.addAll(split.validation());
        assertEquals(209, all.size());
        List<String> shuffledInput = new ArrayList<>(ids);
        java.util.Collections.reverse(shuffledInput);
        assertEquals(split, ValidationSplit.carve(shuffledInput, 0.1, 0), "input order must not matter");
        assertNotEquals(split.validation(), ValidationSplit.carve(ids, 0.1, 1).validation());
    }

    @Test
    void edgeCases() {
        assertEquals(1, ValidationSplit.carve(List.of("a", "b"), 0.1, 0).validation().size());
        assertTrue(ValidationSplit.carve(ids, 0, 0).validation().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(ids, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(List.of(), 0.1, 0));
    }
}
