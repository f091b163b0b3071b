package dev.inspection.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.inspection.core.tensor.Float16;
import org.junit.jupiter.api.Test;

class Float16FeatureTableTest {

    @Test
    void rowsAndImagesReadBackAsTheirFloat16Values() throws Exception {
        int images = 2;
        int rows = 3;
        int dim = 4;
        float[] values = new float[images * rows * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float16.toFloat(Float16.fromFloat(0.37f * i - 3.1f));
        }
        FeatureRows source = new FeatureRows() {
            public int images() {
                return images;
            }

            public int rowsPerImage() {
                return rows;
            }

            public int dim() {
                return dim;
            }

            public void read(int index, float[] dest, int offset) {
                System.arraycopy(values, index * rows * dim, dest, offset, rows * dim);
            }
        };
        Float16FeatureTable table = Float16FeatureTable.load(source, () -> { });
        assertEquals(6, table.rowCount());
        float[] picked = new float[2 * dim];
        table.readRows(new long[] {4, 1}, 2, picked);
        for (int j = 0; j < dim; j++) {
            assertEquals(values[4 * dim + j], picked[j]);
            assertEquals(values[dim + j], picked[dim + j]);
        }
        float[] second = new float[rows * dim];
        table.readImage(1, second, 0);
        float[] expected = new float[rows * dim];
        System.arraycopy(values, rows * dim, expected, 0, rows * dim);
        assertArrayEquals(expected, second);
        assertThrows(IndexOutOfBoundsException.class, () -> table.readRows(new long[] {6}, 1, picked));
    }
}
