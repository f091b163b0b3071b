package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ReportInputTest {

    private static final ReportInput GOOD = ReportFixtures.input();

    private static void rejected(String fragment, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static ReportInput withImages(List<ReportImage> images) {
        return new ReportInput(GOOD.title(), GOOD.createdAt(), GOOD.dataset(), GOOD.model(), GOOD.evaluation(),
                GOOD.decisionThreshold(), images, GOOD.timings());
    }

    @Test
    void imagesMustMatchTheEvaluation() {
        List<ReportImage> fewer = new ArrayList<>(GOOD.images());
        fewer.remove(fewer.size() - 1);
        rejected("evaluation covers 20 images", () -> withImages(fewer));

        List<ReportImage> duplicated = new ArrayList<>(GOOD.images());
        duplicated.set(1, duplicated.get(0));
        rejected("appears twice", () -> withImages(duplicated));

        List<ReportImage> renamedType = new ArrayList<>();
        for (ReportImage image : GOOD.images()) {
            renamedType.add(!image.anomalous() ? image : new ReportImage(image.imageId(), image.sourceName(),
                    image.split(), true, "scratch", image.rawScore(), image.normalisedScore(),
                    image.predictedAnomalous(), image.overlayPng(), image.maskPng(), image.heatmapPng()));
        }
        rejected("defect types", () -> withImages(renamedType));
        rejected("at least one image", () -> withImages(List.of()));
    }

    @Test
    void badFieldsAreNamed() {
        byte[] png = {1};
        rejected("no defect type", () -> new ReportImage("i", "s", "test", true, null, 1, 0.5, true, png, null, null));
        rejected("raw score of image i", () -> new ReportImage("i", "s", "test", false, null, Double.NaN, 0.5,
                false, png, null, null));
        rejected("normalised score", () -> new ReportImage("i", "s", "test", false, null, 1, 1.5, false, png,
                null, null));
        rejected("no overlay", () -> new ReportImage("i", "s", "test", false, null, 1, 0.5, false, null, null, null));
        rejected("training seconds", () -> new ReportTimings(1, -2, 1, 1));
        rejected("snapshot id", () -> new ReportDataset("d", "c", " "));
        rejected("key fields", () -> new ReportModel("m", "1", "simplenet", "{}", null));
        rejected("decision threshold", () -> new ReportInput(GOOD.title(), GOOD.createdAt(), GOOD.dataset(),
                GOOD.model(), GOOD.evaluation(), Double.POSITIVE_INFINITY, GOOD.images(), GOOD.timings()));
        rejected("gallery limit", () -> new ReportWriter(0, 192));
        rejected("thumbnail size", () -> new ReportWriter(10, 4));
        rejected("model manifest JSON", () -> new ReportModel("m", "1", "simplenet", "", Map.of()));
    }

    @Test
    void unreadableImageBytesNameTheImage() {
        List<ReportImage> images = new ArrayList<>(GOOD.images());
        ReportImage first = images.get(0);
        images.set(0, new ReportImage(first.imageId(), first.sourceName(), first.split(), first.anomalous(),
                first.defectType(), first.rawScore(), first.normalisedScore(), first.predictedAnomalous(),
                new byte[] {1, 2, 3}, null, null));
        ReportInput input = withImages(images);
        rejected("overlay of image " + first.imageId(),
                () -> new ReportWriter().write(input, java.nio.file.Files.createTempDirectory("report")));
    }
}
