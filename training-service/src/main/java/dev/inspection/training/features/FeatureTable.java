package dev.inspection.training.features;

/**
 * Read access to the patch embeddings of a fixed list of images: image {@code i} owns rows
 * {@code i * patchesPerImage() .. (i + 1) * patchesPerImage() - 1}, each {@code featureDim()} floats.
 * Training samples rows from it; it lives in memory (float16 in the pipeline's
 * {@code Float16FeatureTable}, float32 in {@link InMemoryFeatureTable}). Reads are thread-safe.
 */
public interface FeatureTable {

    int imageCount();

    int patchesPerImage();

    int featureDim();

    /** Total rows: {@code imageCount() * patchesPerImage()}. */
    default long rowCount() {
        return (long) imageCount() * patchesPerImage();
    }

    /** Copies the given global rows (in order) to {@code dest[0 .. count * featureDim())}. */
    void readRows(long[] rows, int count, float[] dest);

    /** Copies all rows of image {@code image} to {@code dest[offset ..]}. */
    void readImage(int image, float[] dest, int offset);

    /** Caller-facing row check: a clear message instead of a stray index error deep in a reader. */
    default void checkRow(long row) {
        if (row < 0 || row >= rowCount()) {
            throw new IndexOutOfBoundsException("feature row " + row + " outside [0, " + rowCount() + ")");
        }
    }

    /** Caller-facing image check. */
    default void checkImage(int image) {
        if (image < 0 || image >= imageCount()) {
            throw new IndexOutOfBoundsException("image index " + image + " outside [0, " + imageCount() + ")");
        }
    }
}
