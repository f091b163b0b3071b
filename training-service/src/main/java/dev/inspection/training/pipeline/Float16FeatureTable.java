package dev.inspection.training.pipeline;

import dev.inspection.core.tensor.Float16;
import dev.inspection.training.features.FeatureTable;
import java.io.IOException;

/**
 * Training features held in memory as float16, half the heap of float32 and lossless for features
 * that arrived as float16 from the feature service. Rows are decoded on read.
 */
public final class Float16FeatureTable implements FeatureTable {

    private final byte[] data;
    private final int images;
    private final int patchesPerImage;
    private final int dim;

    private Float16FeatureTable(byte[] data, int images, int patchesPerImage, int dim) {
        this.data = data;
        this.images = images;
        this.patchesPerImage = patchesPerImage;
        this.dim = dim;
    }

    /**
     * Copies every image of {@code rows} into one table.
     *
     * @param cancelled polled between images
     * @throws IllegalArgumentException when the features exceed one array (about 2 GiB of float16)
     */
    public static Float16FeatureTable load(FeatureRows rows, Runnable cancelled) throws IOException {
        int perImage = rows.rowsPerImage() * rows.dim();
        long bytes = 2L * rows.images() * perImage;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows.images() + " training images of " + rows.rowsPerImage() + "x"
                    + rows.dim() + " features need " + bytes + " bytes, more than one in-memory table holds");
        }
        byte[] data = new byte[(int) bytes];
        float[] image = new float[perImage];
        for (int i = 0; i < rows.images(); i++) {
            cancelled.run();
            rows.read(i, image, 0);
            Float16.encode(image, 0, data, 2 * i * perImage, perImage);
        }
        return new Float16FeatureTable(data, rows.images(), rows.rowsPerImage(), rows.dim());
    }

    @Override
    public int imageCount() {
        return images;
    }

    @Override
    public int patchesPerImage() {
        return patchesPerImage;
    }

    @Override
    public int featureDim() {
        return dim;
    }

    @Override
    public void readRows(long[] rows, int count, float[] dest) {
        for (int i = 0; i < count; i++) {
            checkRow(rows[i]);
            Float16.decode(data, (int) (2 * rows[i] * dim), dest, i * dim, dim);
        }
    }

    @Override
    public void readImage(int image, float[] dest, int offset) {
        checkImage(image);
        int perImage = patchesPerImage * dim;
        Float16.decode(data, 2 * image * perImage, dest, offset, perImage);
    }
}
