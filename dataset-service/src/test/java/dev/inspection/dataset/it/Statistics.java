package dev.inspection.dataset.it;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import java.util.Map;
import java.util.TreeMap;

/** Statistics as "SPLIT/defect_type" -> "images/masks", easy to compare with the data README tables. */
final class Statistics {
    private Statistics() {
    }

    static Map<String, String> table(DatasetStatistics statistics) {
        Map<String, String> table = new TreeMap<>();
        for (GroupCount group : statistics.getGroupsList()) {
            table.put(group.getSplit() + "/" + group.getDefectType(), group.getImages() + "/" + group.getMasks());
        }
        return table;
    }
}
