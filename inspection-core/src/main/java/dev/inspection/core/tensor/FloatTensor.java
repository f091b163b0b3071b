package dev.inspection.core.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in C order (last index fastest): a {@code float[]} that holds exactly
 * {@code product(shape)} values, starting at index 0.
 *
 * <p>The data array is shared, not copied: the tensor is a typed view for handing batches and
 * feature maps around without copies. The shape is copied and immutable.
 */
public final class FloatTensor {

    private final float[] data;
    private final int[] shape;
    private final int[] strides;

    /** Wraps {@code data}; its length must equal the product of {@code shape}. */
    public FloatTensor(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("tensor data is null");
        }
        this.shape = shape.clone();
        long elements = elementCount(this.shape);
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor data has " + data.length + " floats but shape "
                    + Arrays.toString(shape) + " needs " + elements);
        }
        this.data = data;
        this.strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
    }

    /** A zero-filled tensor of the given shape. */
    public static FloatTensor zeros(int... shape) {
        long elements = elementCount(shape);
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one float[]");
        }
        return new FloatTensor(new float[(int) elements], shape);
    }

    /** Product of the dimensions; rejects negative dimensions. */
    public static long elementCount(int... shape) {
        long n = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, dim);
        }
        return n;
    }

    /** The backing array (shared). */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** Flat index of a full coordinate, bounds-checked per axis. */
    public int index(int... coordinate) {
        if (coordinate.length != shape.length) {
            throw new IllegalArgumentException("coordinate of rank " + coordinate.length
                    + " for a tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            int c = coordinate[d];
            if (c < 0 || c >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + c + " out of bounds for axis " + d
                        + " of size " + shape[d]);
            }
            flat += c * strides[d];
        }
        return flat;
    }

    /** Flat offset of the first element of slice {@code i} along axis 0 (e.g. one image of a batch). */
    public int sliceOffset(int i) {
        if (shape.length == 0 || i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("slice " + i + " out of bounds for shape " + Arrays.toString(shape));
        }
        return i * strides[0];
    }

    public float get(int... coordinate) {
        return data[index(coordinate)];
    }

    public void set(float value, int... coordinate) {
        data[index(coordinate)] = value;
    }

    /** The same data with another shape of equal element count. */
    public FloatTensor reshape(int... newShape) {
        return new FloatTensor(data, newShape);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
