/**
 * The inspection report of a main-job run: {@code report.html}, one self-contained page (headline
 * metrics, confusion counts, ROC / PR / score-histogram charts drawn with Java2D, per-defect-type table,
 * timings, the model manifest, and a gallery of heatmap overlays with the misclassified images first),
 * and {@code report.json} with the same figures under stable snake_case names (see
 * {@link dev.inspection.cli.report.ReportJson}).
 *
 * <p>Usage, after scoring the test split:
 * <pre>{@code
 * EvaluationReport evaluation = new Evaluator(mapHeight, mapWidth).evaluate(imageResults, rawThreshold);
 * ReportInput input = new ReportInput(title, Instant.now(), dataset, model, evaluation, rawThreshold,
 *         reportImages, timings);
 * new ReportWriter().write(input, outputDir);   // outputDir/report.html + outputDir/report.json
 * }</pre>
 * Metrics come from {@link dev.inspection.core.metrics}; nothing here recomputes them.
 */
package dev.inspection.cli.report;
