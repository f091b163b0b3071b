package dev.inspection.training.bgad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Picks the labelled anomalies BGAD trains on, spread over defect types as the official code does
 * (methods.md §2.8): with T sorted defect types, {@code floor(n / T)} shuffled images per type, the
 * remaining {@code n mod T} drawn from the leftovers of all types. Seeded ({@link Random}, so the
 * draw differs from Python's but is reproducible). The candidates are put in image-id order first: the
 * dataset service streams a snapshot in its own order (sha256), test fakes and folder readers in
 * another, and the same snapshot and seed must give the same known anomalies whatever the order.
 */
public final class KnownAnomalySelector {

    private KnownAnomalySelector() {
    }

    /**
     * @param imageId    the candidate's unique id (the dataset's image id); fixes the order of the draw
     * @param defectType the candidate's defect type
     * @throws IllegalArgumentException for a count below 1 or fewer candidates than asked
     */
    public static <T> List<T> select(List<T> anomalousCandidates, Function<T, String> imageId,
                                     Function<T, String> defectType, int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("number of known anomalies must be >= 1, got " + count);
        }
        if (anomalousCandidates.size() < count) {
            throw new IllegalArgumentException("only " + anomalousCandidates.size() + " labelled anomalies available, "
                    + count + " requested");
        }
        List<T> ordered = new ArrayList<>(anomalousCandidates);
        ordered.sort(Comparator.comparing(imageId));
        TreeMap<String, List<T>> byType = new TreeMap<>();
        for (T c : ordered) {
            byType.computeIfAbsent(defectType.apply(c), k -> new ArrayList<>()).add(c);
        }
        Random random = new Random(seed);
        int perType = count / byType.size();
        List<T> chosen = new ArrayList<>();
        List<T> leftovers = new ArrayList<>();
        for (List<T> items : byType.values()) {
            List<T> shuffled = new ArrayList<>(items);
            Collections.shuffle(shuffled, random);
            int take = Math.min(perType, shuffled.size());
            chosen.addAll(shuffled.subList(0, take));
            leftovers.addAll(shuffled.subList(take, shuffled.size()));
        }
        Collections.shuffle(leftovers, random);
        chosen.addAll(leftovers.subList(0, count - chosen.size()));
        return chosen;
    }
}
