package dev.inspection.training.pipeline;

import dev.inspection.core.tensor.Float16;
import dev.inspection.training.features.FeatureTable;
import java.io.IOException;

/**
 * Training features held in memory as float16, half the heap of float32 and lossless for features
 * that arrived as float16 from the feature service. Rows are decoded on read. One array per image
 * (4 MB at 288 px): a single array would cap the table at 2 GiB, about 539 images.
 */
public final class Float16FeatureTable implements FeatureTable {

    private final byte[][] data;
    private final int images;
    private final int patchesPerImage;
    private final int dim;

    private Float16FeatureTable(byte[][] data, int patchesPerImage, int dim) {
        this.data = data;
        this.images = data.length;
        this.patchesPerImage = patchesPerImage;
        this.dim = dim;
    }

    /**
     * Copies every image of {@code rows} into the table.
     *
     * @param cancelled polled between images
     */
    public static Float16FeatureTable load(FeatureRows rows, Runnable cancelled) throws IOException {
        int perImage = Math.multiplyExact(rows.rowsPerImage(), rows.dim());
        byte[][] data = new byte[rows.images()][];
        float[] image = new float[perImage];
        for (int i = 0; i < rows.images(); i++) {
            cancelled.run();
            rows.read(i, image, 0);
            data[i] = new byte[Math.multiplyExact(2, perImage)];
            Float16.encode(image, 0, data[i], 0, perImage);
        }
        return new Float16FeatureTable(data, rows.rowsPerImage(), rows.dim());
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
            int image = (int) (rows[i] / patchesPerImage);
            int patch = (int) (rows[i] % patchesPerImage);
            Float16.decode(data[image], 2 * patch * dim, dest, i * dim, dim);
        }
    }

    @Override
    public void readImage(int image, float[] dest, int offset) {
        checkImage(image);
        Float16.decode(data[image], 0, dest, offset, patchesPerImage * dim);
    }
}
