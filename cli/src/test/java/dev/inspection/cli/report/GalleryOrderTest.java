package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryOrderTest {

    private static final byte[] OVERLAY = {1};
    private static final double THRESHOLD = 1.0;

    private static ReportImage image(String id, boolean anomalous, double raw) {
        return new ReportImage(id, id + ".png", "test", anomalous, anomalous ? "crack" : null, raw, 0.5,
                raw >= THRESHOLD, OVERLAY, null, null);
    }

    @Test
    void falsePositivesByDescendingScoreThenFalseNegativesByAscendingScoreThenClosestToThreshold() {
        List<ReportImage> images = List.of(
                image("tn-far", false, 0.1),
                image("fp-low", false, 1.1),
                image("tp-far", true, 3.0),
                image("fn-high", true, 0.9),
                image("tn-near", false, 0.95),
                image("fp-high", false, 2.5),
                image("fn-low", true, 0.2),
                image("tp-near", true, 1.02));

        List<String> order = GalleryOrder.order(images, THRESHOLD).stream().map(ReportImage::imageId).toList();

        assertEquals(List.of("fp-high", "fp-low", "fn-low", "fn-high", "tp-near", "tn-near", "tn-far", "tp-far"),
                order);
    }

    @Test
    void tiesAreBrokenByImageIdAndTheInputIsLeftAlone() {
        List<ReportImage> images = List.of(image("b", false, 2.0), image("a", false, 2.0), image("c", true, 0.5));

        List<ReportImage> sorted = GalleryOrder.order(images, THRESHOLD);

        assertEquals(List.of("a", "b", "c"), sorted.stream().map(ReportImage::imageId).toList());
        assertEquals("b", images.get(0).imageId());
    }

    @Test
    void verdictsFollowLabelAndPrediction() {
        assertEquals(Verdict.FALSE_POSITIVE, image("x", false, 1.5).verdict());
        assertEquals(Verdict.FALSE_NEGATIVE, image("x", true, 0.5).verdict());
        assertEquals(Verdict.TRUE_POSITIVE, image("x", true, 1.5).verdict());
        assertEquals(Verdict.TRUE_NEGATIVE, image("x", false, 0.5).verdict());
        VerdictCounts counts = VerdictCounts.of(List.of(image("a", false, 1.5), image("b", true, 1.5),
                image("c", true, 1.7), image("d", false, 0.2)));
        assertEquals(new VerdictCounts(2, 1, 1, 0), counts);
        assertEquals(0.75, counts.accuracy(), 1e-12);
    }
}
