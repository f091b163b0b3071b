package dev.inspection.feature.extraction;

/**
 * One backbone level of one image, as a view into the batch output it came from (no copy):
 * {@code values[offset .. offset + channels * height * width)} in CHW order.
 */
public record LevelMap(String name, int channels, int height, int width, int stride, float[] values, int offset) {

    public int floats() {
        return channels * height * width;
    }
}
