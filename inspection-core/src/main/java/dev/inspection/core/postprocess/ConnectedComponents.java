package dev.inspection.core.postprocess;

import java.util.Arrays;

/**
 * Connected-component labelling of a binary mask with 8-connectivity (a pixel touches its 8
 * neighbours, as {@code skimage.measure.label(connectivity=2)} and
 * {@code scipy.ndimage.label(structure=ones((3, 3)))}). Iterative flood fill with an explicit
 * {@code int[]} stack, so large regions cannot overflow the call stack.
 *
 * <p>Labels are assigned in row-major order of each component's first pixel: 1, 2, ...; background is 0.
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * Labels the foreground (non-zero bytes) of {@code mask}.
     *
     * @param mask   [height, width] row-major; any non-zero byte is foreground
     * @param labels output, at least {@code height * width}; receives 0 or the component label
     * @param stack  scratch, at least {@code height * width}
     * @return the number of components
     * @throws IllegalArgumentException if a size is not positive or an array is too short
     */
    public static int label(byte[] mask, int height, int width, int[] labels, int[] stack) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width);
        }
        int n = height * width;
        if (mask == null || mask.length < n) {
            throw new IllegalArgumentException("mask must hold " + n + " values, got "
                    + (mask == null ? "null" : mask.length));
        }
        if (labels == null || labels.length < n || stack == null || stack.length < n) {
            throw new IllegalArgumentException("labels and stack must hold " + n + " values");
        }
        Arrays.fill(labels, 0, n, 0);
        int count = 0;
        for (int start = 0; start < n; start++) {
            if (mask[start] == 0 || labels[start] != 0) {
                continue;
            }
            int label = ++count;
            labels[start] = label;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int p = stack[--top];
                int y = p / width;
                int x = p - y * width;
                int yFrom = y > 0 ? y - 1 : y;
                int yTo = y < height - 1 ? y + 1 : y;
                int xFrom = x > 0 ? x - 1 : x;
                int xTo = x < width - 1 ? x + 1 : x;
                for (int ny = yFrom; ny <= yTo; ny++) {
                    int rowStart = ny * width;
                    for (int nx = xFrom; nx <= xTo; nx++) {
                        int q = rowStart + nx;
                        if (mask[q] != 0 && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return count;
    }
}
