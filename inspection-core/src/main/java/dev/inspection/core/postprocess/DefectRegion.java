package dev.inspection.core.postprocess;

/**
 * One connected region of the binary defect mask, in pixel coordinates of the map.
 *
 * @param x          left column of the bounding box
 * @param y          top row of the bounding box
 * @param width      bounding-box width in pixels
 * @param height     bounding-box height in pixels
 * @param area       number of pixels in the region
 * @param peakScore  highest normalised pixel score in the region
 * @param centroidX  mean column of the region's pixels
 * @param centroidY  mean row of the region's pixels
 */
public record DefectRegion(int x, int y, int width, int height, int area, float peakScore,
                           float centroidX, float centroidY) {
}
