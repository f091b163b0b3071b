package dev.inspection.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of the gallery, most instructive first: false positives (normal images, highest raw score
 * first), then false negatives (anomalous images, lowest raw score first), then the correctly
 * classified images closest to the decision threshold. Ties go by image id so the order is stable.
 */
public final class GalleryOrder {

    private GalleryOrder() {
    }

    /** A new list with the images in gallery order. */
    public static List<ReportImage> order(List<ReportImage> images, double decisionThreshold) {
        Comparator<ReportImage> order = Comparator
                .comparingInt(GalleryOrder::group)
                .thenComparingDouble(image -> sortKey(image, decisionThreshold))
                .thenComparing(ReportImage::imageId);
        List<ReportImage> sorted = new ArrayList<>(images);
        sorted.sort(order);
        return sorted;
    }

    private static int group(ReportImage image) {
        return switch (image.verdict()) {
            case FALSE_POSITIVE -> 0;
            case FALSE_NEGATIVE -> 1;
            case TRUE_POSITIVE, TRUE_NEGATIVE -> 2;
        };
    }

    /** Ascending key within a group. */
    private static double sortKey(ReportImage image, double decisionThreshold) {
        return switch (image.verdict()) {
            case FALSE_POSITIVE -> -image.rawScore();
            case FALSE_NEGATIVE -> image.rawScore();
            // Margin on the correct side of the threshold: small = nearly wrong.
            case TRUE_POSITIVE -> image.rawScore() - decisionThreshold;
            case TRUE_NEGATIVE -> decisionThreshold - image.rawScore();
        };
    }
}
