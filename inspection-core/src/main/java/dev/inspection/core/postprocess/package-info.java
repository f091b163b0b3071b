/**
 * Post-processing shared by training-time evaluation and serving: the one implementation of
 * turning a patch-score grid into a pixel anomaly map ({@link dev.inspection.core.postprocess.BilinearResize},
 * {@link dev.inspection.core.postprocess.GaussianBlur}, {@link dev.inspection.core.postprocess.AnomalyMapPipeline}),
 * score calibration ({@link dev.inspection.core.postprocess.ScoreCalibration},
 * {@link dev.inspection.core.postprocess.CalibrationFitter}), defect regions
 * ({@link dev.inspection.core.postprocess.DefectRegions}) and heatmap / mask images
 * ({@link dev.inspection.core.postprocess.Heatmap}, {@link dev.inspection.core.postprocess.PngImages}).
 *
 * <p>Maps are single-channel {@code float[]} in row-major order ({@code y * width + x}); hot-path
 * methods write into caller-given arrays and allocate nothing.
 */
package dev.inspection.core.postprocess;
