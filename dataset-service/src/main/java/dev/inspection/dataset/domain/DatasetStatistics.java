package dev.inspection.dataset.domain;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Counts of a dataset or snapshot; groups sorted by split, then defect type. */
public record DatasetStatistics(UUID datasetId, long images, long masks, List<GroupCount> groups) {
    private static final Comparator<GroupCount> ORDER = Comparator.comparing(GroupCount::split)
            .thenComparing(GroupCount::defectType).thenComparing(GroupCount::label);

    /** Sums the groups and sorts them. */
    public static DatasetStatistics of(UUID datasetId, List<GroupCount> groups) {
        long images = 0;
        long masks = 0;
        for (GroupCount group : groups) {
            images += group.images();
            masks += group.masks();
        }
        return new DatasetStatistics(datasetId, images, masks, groups.stream().sorted(ORDER).toList());
    }
}
