package dev.inspection.cli.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report derives from its input once, for both the HTML and the JSON: confusion counts
 * (overall and per defect type, each type's anomalies together with all normal images, the grouping of
 * the core per-type metrics) and the gallery order.
 *
 * @param overall        counts over all images
 * @param perDefectType  counts per defect type, sorted by type
 * @param galleryOrder   all images in gallery order
 * @param galleryShown   how many of them the HTML gallery shows
 */
record ReportFacts(VerdictCounts overall, Map<String, VerdictCounts> perDefectType,
                   List<ReportImage> galleryOrder, int galleryShown) {

    static ReportFacts of(ReportInput input, int galleryLimit) {
        List<ReportImage> normals = new ArrayList<>();
        Map<String, List<ReportImage>> byType = new TreeMap<>();
        for (ReportImage image : input.images()) {
            if (image.anomalous()) {
                byType.computeIfAbsent(image.defectType(), type -> new ArrayList<>()).add(image);
            } else {
                normals.add(image);
            }
        }
        Map<String, VerdictCounts> perType = new TreeMap<>();
        for (Map.Entry<String, List<ReportImage>> entry : byType.entrySet()) {
            List<ReportImage> group = new ArrayList<>(normals);
            group.addAll(entry.getValue());
            perType.put(entry.getKey(), VerdictCounts.of(group));
        }
        List<ReportImage> ordered = GalleryOrder.order(input.images(), input.decisionThreshold());
        return new ReportFacts(VerdictCounts.of(input.images()), Collections.unmodifiableMap(perType),
                List.copyOf(ordered), Math.min(galleryLimit, ordered.size()));
    }
}
