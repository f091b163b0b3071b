package dev.inspection.cli.report;

import dev.inspection.core.metrics.EvaluationReport;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the inspection report shows, as the main job hands it over after training and scoring.
 *
 * <p>The metrics, curves and histogram come from {@link dev.inspection.core.metrics.Evaluator} over the
 * same test images (with their raw pixel maps, which the report itself does not need); the report
 * checks that the image counts agree. The confusion counts and accuracies are taken from the images'
 * {@link ReportImage#predictedAnomalous() verdicts}.
 *
 * @param title             page title (e.g. "bottle - SimpleNet v3")
 * @param createdAt         when the evaluation finished
 * @param dataset           the evaluated dataset snapshot
 * @param model             the evaluated model version and its manifest
 * @param evaluation        the core evaluation of the test images (raw scores)
 * @param decisionThreshold raw image score at which the verdicts flip (the calibrated threshold applied)
 * @param images            every scored test image (at least one; ids unique)
 * @param timings           stage timings of the main job
 */
public record ReportInput(String title, Instant createdAt, ReportDataset dataset, ReportModel model,
                          EvaluationReport evaluation, double decisionThreshold, List<ReportImage> images,
                          ReportTimings timings) {

    public ReportInput {
        ReportChecks.requireText("report title", title);
        requireNonNull("creation time", createdAt);
        requireNonNull("dataset", dataset);
        requireNonNull("model", model);
        requireNonNull("evaluation", evaluation);
        requireNonNull("timings", timings);
        if (!Double.isFinite(decisionThreshold)) {
            throw new IllegalArgumentException("decision threshold must be finite, got " + decisionThreshold);
        }
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one image");
        }
        images = List.copyOf(images);
        Set<String> ids = new HashSet<>();
        Set<String> defectTypes = new TreeSet<>();
        int anomalous = 0;
        for (ReportImage image : images) {
            if (!ids.add(image.imageId())) {
                throw new IllegalArgumentException("image id " + image.imageId() + " appears twice");
            }
            if (image.anomalous()) {
                anomalous++;
                defectTypes.add(image.defectType());
            }
        }
        if (!defectTypes.equals(new TreeSet<>(evaluation.perDefectType().keySet()))) {
            throw new IllegalArgumentException("the evaluation has defect types " + evaluation.perDefectType().keySet()
                    + " but the images have " + defectTypes);
        }
        if (evaluation.overall().images() != images.size()
                || evaluation.overall().anomalousImages() != anomalous) {
            throw new IllegalArgumentException("the evaluation covers " + evaluation.overall().images()
                    + " images (" + evaluation.overall().anomalousImages() + " anomalous) but the report got "
                    + images.size() + " (" + anomalous + " anomalous)");
        }
    }

    private static void requireNonNull(String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }
}
