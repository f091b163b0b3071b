package dev.inspection.training.simplenet;

import dev.inspection.training.features.FeatureTable;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws each training step's feature rows from a {@link FeatureTable}, repeatably for a given random
 * stream: either {@code patchesPerStep} random rows (with replacement, sorted for disk locality, as the
 * CPU reference) or shuffled batches of whole images (a new permutation each pass, last batch may be
 * short, as the official loader).
 */
abstract class RowSampler {

    final FeatureTable table;
    final SplittableRandom random;
    final int dim;

    RowSampler(FeatureTable table, SplittableRandom random) {
        this.table = table;
        this.random = random;
        this.dim = table.featureDim();
    }

    /** Largest number of rows one step can return. */
    abstract int maxRows();

    /** Fills {@code dest} with the next step's rows and returns how many. */
    abstract int next(float[] dest);

    /** Pass over the training data the last batch belonged to (0-based). */
    abstract int pass();

    static RowSampler create(FeatureTable table, SimpleNetConfig config, SplittableRandom random) {
        return config.sampling() == SimpleNetConfig.Sampling.RANDOM_PATCHES
                ? new RandomPatches(table, config.patchesPerStep(), random)
                : new WholeImages(table, config.imagesPerBatch(), random);
    }

    /** Uniform random rows over the whole table. */
    static final class RandomPatches extends RowSampler {
        private final long[] rows;
        private long drawn;

        RandomPatches(FeatureTable table, int perStep, SplittableRandom random) {
            super(table, random);
            this.rows = new long[perStep];
        }

        @Override
        int maxRows() {
            return rows.length;
        }

        @Override
        int next(float[] dest) {
            long total = table.rowCount();
            for (int i = 0; i < rows.length; i++) {
                rows[i] = random.nextLong(total);
            }
            Arrays.sort(rows);
            table.readRows(rows, rows.length, dest);
            drawn += rows.length;
            return rows.length;
        }

        @Override
        int pass() {
            return (int) ((drawn - 1) / table.rowCount());
        }
    }

    /** Shuffled whole-image batches. */
    static final class WholeImages extends RowSampler {
        private final int imagesPerBatch;
        private final int[] order;
        private int cursor;
        private int pass = -1;

        WholeImages(FeatureTable table, int imagesPerBatch, SplittableRandom random) {
            super(table, random);
            this.imagesPerBatch = Math.min(imagesPerBatch, table.imageCount());
            this.order = new int[table.imageCount()];
            this.cursor = order.length;
        }

        @Override
        int maxRows() {
            return imagesPerBatch * table.patchesPerImage();
        }

        @Override
        int next(float[] dest) {
            if (cursor >= order.length) {
                shuffle();
                cursor = 0;
                pass++;
            }
            int count = Math.min(imagesPerBatch, order.length - cursor);
            int[] batch = Arrays.copyOfRange(order, cursor, cursor + count);
            Arrays.sort(batch);
            int floatsPerImage = table.patchesPerImage() * dim;
            for (int i = 0; i < count; i++) {
                table.readImage(batch[i], dest, i * floatsPerImage);
            }
            cursor += count;
            return count * table.patchesPerImage();
        }

        private void shuffle() {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        @Override
        int pass() {
            return Math.max(pass, 0);
        }
    }
}
