package dev.inspection.training.features;

/** A {@link FeatureTable} over one float array, {@code [images * patches, dim]} row-major (tests, small sets). */
public final class InMemoryFeatureTable implements FeatureTable {

    private final float[] data;
    private final int images;
    private final int patches;
    private final int dim;

    /** Wraps {@code data} without copying; the caller must not modify it afterwards. */
    public InMemoryFeatureTable(float[] data, int images, int patchesPerImage, int featureDim) {
        if (images < 1 || patchesPerImage < 1 || featureDim < 1) {
            throw new IllegalArgumentException("images, patchesPerImage and featureDim must be positive, got "
                    + images + ", " + patchesPerImage + ", " + featureDim);
        }
        if (data == null || (long) images * patchesPerImage * featureDim != data.length) {
            throw new IllegalArgumentException("feature array must hold " + (long) images * patchesPerImage * featureDim
                    + " floats (" + images + " x " + patchesPerImage + " x " + featureDim + "), got "
                    + (data == null ? "none" : data.length));
        }
        this.data = data;
        this.images = images;
        this.patches = patchesPerImage;
        this.dim = featureDim;
    }

    @Override
    public int imageCount() {
        return images;
    }

    @Override
    public int patchesPerImage() {
        return patches;
    }

    @Override
    public int featureDim() {
        return dim;
    }

    @Override
    public void readRows(long[] rows, int count, float[] dest) {
        for (int i = 0; i < count; i++) {
            checkRow(rows[i]);
            System.arraycopy(data, (int) (rows[i] * dim), dest, i * dim, dim);
        }
    }

    @Override
    public void readImage(int image, float[] dest, int offset) {
        checkImage(image);
        System.arraycopy(data, image * patches * dim, dest, offset, patches * dim);
    }
}
