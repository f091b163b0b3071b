package dev.inspection.core.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * SimpleNet's patch embedding (methods.md §1.3 steps A-D): from the backbone's {@code layer2}
 * {@code [C2, H2, W2]} and {@code layer3} {@code [C3, H3, W3]} maps to one {@code featureDim}-vector
 * per layer2 grid cell, rows {@code n = y * W2 + x}, written row-major into a caller-given buffer.
 *
 * <p>The literal pipeline (3x3 zero-padded unfold, bilinear upsampling of each of the C3*9 unfolded
 * layer3 maps, adaptive average pooling of each level to {@code pretrainDim}, concatenation, adaptive
 * average pooling to {@code featureDim}) is linear, so every output component {@code j} is a fixed
 * weighted sum of a few shifted channel maps. The constructor precomputes those taps once; per image
 * it then sums the taps of each output component on the small layer grids (for layer3 on the
 * {@code H3 x W3} grid, upsampling only the reduced map) instead of materialising the 13 824-wide
 * unfolded vectors. Window bounds follow PyTorch's floor/ceil formula, so non-divisible sizes with
 * overlapping windows are handled exactly. Results equal the reference up to float summation order.
 *
 * <p>Immutable and thread-safe; build one per (channels, grid) geometry and reuse it for every frame.
 */
public final class PatchAggregator {

    /** SimpleNet's {@code pretrain_embed_dimension} and {@code target_embed_dimension}. */
    public static final int DEFAULT_DIMENSION = 1536;

    /** Output components computed together, so the transposed write fills whole cache lines. */
    private static final int BLOCK = 16;

    private final int c2;
    private final int h2;
    private final int w2;
    private final int c3;
    private final int h3;
    private final int w3;
    private final int featureDim;
    private final TapTable level2Taps;
    private final TapTable level3Taps;
    private final BilinearAxis rows;
    private final BilinearAxis columns;

    /** SimpleNet's configuration: pretrain and target dimension 1536. */
    public PatchAggregator(int c2, int h2, int w2, int c3, int h3, int w3) {
        this(c2, h2, w2, c3, h3, w3, DEFAULT_DIMENSION, DEFAULT_DIMENSION);
    }

    /**
     * @param pretrainDim per-level pooled length (SimpleNet {@code pretrain_embed_dimension})
     * @param featureDim  final embedding length (SimpleNet {@code target_embed_dimension})
     */
    public PatchAggregator(int c2, int h2, int w2, int c3, int h3, int w3, int pretrainDim, int featureDim) {
        requirePositive("layer2 channels", c2);
        requirePositive("layer2 height", h2);
        requirePositive("layer2 width", w2);
        requirePositive("layer3 channels", c3);
        requirePositive("layer3 height", h3);
        requirePositive("layer3 width", w3);
        requirePositive("pretrain dimension", pretrainDim);
        requirePositive("feature dimension", featureDim);
        this.c2 = c2;
        this.h2 = h2;
        this.w2 = w2;
        this.c3 = c3;
        this.h3 = h3;
        this.w3 = w3;
        this.featureDim = featureDim;
        TapTable[] tables = TapTable.build(9 * c2, 9 * c3, pretrainDim, featureDim);
        this.level2Taps = tables[0];
        this.level3Taps = tables[1];
        this.rows = new BilinearAxis(h3, h2);
        this.columns = new BilinearAxis(w3, w2);
    }

    /**
     * The aggregator for the ResNet-50 trunk ({@code resnet50_trunk.onnx}: layer2 512 channels at
     * stride 8, layer3 1024 at stride 16) on an input of the given size, SimpleNet dimensions.
     * Grid sizes follow the trunk's convolution arithmetic {@code d(s) = floor((s - 1) / 2) + 1}:
     * layer1 = d(d(s)), layer2 = d(layer1), layer3 = d(layer2); e.g. 288 gives 36 and 18.
     */
    public static PatchAggregator forResNet50Input(int inputHeight, int inputWidth) {
        requirePositive("input height", inputHeight);
        requirePositive("input width", inputWidth);
        int h2 = halve(halve(halve(inputHeight)));
        int w2 = halve(halve(halve(inputWidth)));
        return new PatchAggregator(512, h2, w2, 1024, halve(h2), halve(w2));
    }

    /** Output size of a stride-2 convolution or pooling step in the trunk. */
    private static int halve(int size) {
        return (size - 1) / 2 + 1;
    }

    /** Layer2 grid height (rows of patches). */
    public int gridHeight() {
        return h2;
    }

    /** Layer2 grid width (patches per row). */
    public int gridWidth() {
        return w2;
    }

    /** Patches per image: H2 * W2. */
    public int patchCount() {
        return h2 * w2;
    }

    /** Length of each embedding row. */
    public int featureDim() {
        return featureDim;
    }

    /** Floats written per image: patchCount * featureDim. */
    public int floatsPerImage() {
        return h2 * w2 * featureDim;
    }

    /** Floats of one image's layer2 map: C2*H2*W2. */
    public int layer2Floats() {
        return c2 * h2 * w2;
    }

    /** Floats of one image's layer3 map: C3*H3*W3. */
    public int layer3Floats() {
        return c3 * h3 * w3;
    }

    /**
     * Aggregates one image: {@code layer2[layer2Offset ..]} is its CHW layer2 map, likewise layer3;
     * writes {@code floatsPerImage()} floats at {@code out[outOffset ..]}.
     */
    public void aggregate(float[] layer2, int layer2Offset, float[] layer3, int layer3Offset,
                          float[] out, int outOffset) {
        checkRange(layer2, layer2Offset, layer2Floats(), "layer2");
        checkRange(layer3, layer3Offset, layer3Floats(), "layer3");
        checkRange(out, outOffset, floatsPerImage(), "output");
        new Worker().run(layer2, layer2Offset, layer3, layer3Offset, out, outOffset, 0, blockCount());
    }

    /**
     * Aggregates a batch laid out NCHW ({@code layer2} = [batch, C2, H2, W2], {@code layer3} =
     * [batch, C3, H3, W3]) into {@code out[outOffset ..]} as [batch * H2 * W2, featureDim], image-major.
     */
    public void aggregateBatch(float[] layer2, float[] layer3, int batch, float[] out, int outOffset) {
        checkBatch(layer2, layer3, batch, out, outOffset);
        Worker worker = new Worker();
        for (int b = 0; b < batch; b++) {
            worker.run(layer2, b * layer2Floats(), layer3, b * layer3Floats(), out,
                    outOffset + b * floatsPerImage(), 0, blockCount());
        }
    }

    /**
     * As {@link #aggregateBatch(float[], float[], int, float[], int)}, split into up to
     * {@code parallelism} tasks on the caller's executor (over images and output-component blocks).
     * Blocks until all tasks finish.
     */
    public void aggregateBatch(float[] layer2, float[] layer3, int batch, float[] out, int outOffset,
                               ExecutorService executor, int parallelism) {
        checkBatch(layer2, layer3, batch, out, outOffset);
        requirePositive("parallelism", parallelism);
        int blocks = blockCount();
        long units = (long) batch * blocks;
        int tasks = (int) Math.min(parallelism, units);
        if (tasks <= 1) {
            aggregateBatch(layer2, layer3, batch, out, outOffset);
            return;
        }
        List<Callable<Void>> work = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            long from = units * t / tasks;
            long to = units * (t + 1) / tasks;
            work.add(() -> {
                Worker worker = new Worker();
                for (long unit = from; unit < to; ) {
                    int b = (int) (unit / blocks);
                    int blockFrom = (int) (unit % blocks);
                    int blockTo = (int) Math.min(blocks, blockFrom + (to - unit));
                    worker.run(layer2, b * layer2Floats(), layer3, b * layer3Floats(), out,
                            outOffset + b * floatsPerImage(), blockFrom, blockTo);
                    unit += blockTo - blockFrom;
                }
                return null;
            });
        }
        try {
            for (Future<Void> future : executor.invokeAll(work)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("patch aggregation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("patch aggregation failed", e.getCause());
        }
    }

    /**
     * Whether the embedding splits by level: its first {@link #fineDims()} components draw on layer2
     * only and the rest on layer3 only (SimpleNet's case, pretrain dimension = feature dimension).
     * Then the layer3 part of every row is a bilinear upsampling of {@link #coarseDims()}-vectors on the
     * layer3 grid, and any linear map applied to the rows can be applied to the layer3 part before the
     * upsampling, on 4x fewer rows ({@link #aggregateSplit}, {@link #addUpsampledRows}).
     */
    public boolean splitsByLevel() {
        int fine = fineDims();
        for (int j = 0; j < featureDim; j++) {
            boolean fromLayer2 = level2Taps.hasTaps(j);
            boolean fromLayer3 = level3Taps.hasTaps(j);
            if (fromLayer2 && fromLayer3 || (j < fine) != fromLayer2) {
                return false;
            }
        }
        return fine > 0 && fine < featureDim;
    }

    /** Leading embedding components with layer2 taps (all of them layer2-only when {@link #splitsByLevel()}). */
    public int fineDims() {
        int j = 0;
        while (j < featureDim && level2Taps.hasTaps(j)) {
            j++;
        }
        return j;
    }

    /** Trailing embedding components drawn on layer3: featureDim - fineDims. */
    public int coarseDims() {
        return featureDim - fineDims();
    }

    /** Cells of the layer3 grid: H3 * W3. */
    public int coarseCount() {
        return h3 * w3;
    }

    /**
     * Aggregates one image into its two level parts without upsampling: {@code fine} gets the layer2
     * part, [H2 * W2, fineDims] row-major, {@code coarse} the layer3 part on the layer3 grid,
     * [H3 * W3, coarseDims]. Upsampling {@code coarse} with {@link #addUpsampledRows} gives the
     * layer3 columns of {@link #aggregate}'s rows.
     *
     * @throws IllegalStateException when the embedding does not split by level
     */
    public void aggregateSplit(float[] layer2, int layer2Offset, float[] layer3, int layer3Offset,
                               float[] fine, float[] coarse) {
        if (!splitsByLevel()) {
            throw new IllegalStateException(this + " mixes levels in some components; it cannot be split");
        }
        checkRange(layer2, layer2Offset, layer2Floats(), "layer2");
        checkRange(layer3, layer3Offset, layer3Floats(), "layer3");
        checkRange(fine, 0, (long) patchCount() * fineDims(), "fine output");
        checkRange(coarse, 0, (long) coarseCount() * coarseDims(), "coarse output");
        new Worker().runSplit(layer2, layer2Offset, layer3, layer3Offset, fine, coarse);
    }

    /**
     * {@code target[n, k] += } the bilinear upsampling (align_corners=False, as {@link #aggregate})
     * of {@code coarse} [H3 * W3, width] to the layer2 grid, for rows n of [H2 * W2, width]; the
     * vectors are upsampled whole, so the inner loops run over contiguous {@code width} floats.
     */
    public void addUpsampledRows(float[] coarse, float[] target, int width) {
        requirePositive("width", width);
        checkRange(coarse, 0, (long) coarseCount() * width, "coarse rows");
        checkRange(target, 0, (long) patchCount() * width, "target rows");
        // Each layer3 row upsampled along x once (same order as aggregate), then blended per output row.
        int rowFloats = w2 * width;
        float[] rowsUpsampled = new float[h3 * rowFloats];
        for (int y3 = 0; y3 < h3; y3++) {
            upsampleRowX(coarse, y3, width, rowsUpsampled, y3 * rowFloats);
        }
        for (int y = 0; y < h2; y++) {
            int top = rows.index0[y] * rowFloats;
            int bottom = rows.index1[y] * rowFloats;
            float wTop = rows.weight0[y];
            float wBottom = rows.weight1[y];
            int dst = y * rowFloats;
            for (int i = 0; i < rowFloats; i++) {
                target[dst + i] += wTop * rowsUpsampled[top + i] + wBottom * rowsUpsampled[bottom + i];
            }
        }
    }

    private void upsampleRowX(float[] coarse, int y3, int width, float[] out, int outOffset) {
        for (int x = 0; x < w2; x++) {
            int left = (y3 * w3 + columns.index0[x]) * width;
            int right = (y3 * w3 + columns.index1[x]) * width;
            float wLeft = columns.weight0[x];
            float wRight = columns.weight1[x];
            int o = outOffset + x * width;
            for (int k = 0; k < width; k++) {
                out[o + k] = wLeft * coarse[left + k] + wRight * coarse[right + k];
            }
        }
    }

    private int blockCount() {
        return (featureDim + BLOCK - 1) / BLOCK;
    }

    /** Per-thread scratch planes; one Worker serves any number of blocks and images. */
    private final class Worker {
        private final int patches = h2 * w2;
        private final float[] planes = new float[BLOCK * patches];
        private final float[] reduced3 = new float[h3 * w3];
        private final float[] rowsUpsampled = new float[h3 * w2];

        void run(float[] layer2, int layer2Offset, float[] layer3, int layer3Offset,
                 float[] out, int outOffset, int blockFrom, int blockTo) {
            for (int block = blockFrom; block < blockTo; block++) {
                int j0 = block * BLOCK;
                int width = Math.min(BLOCK, featureDim - j0);
                for (int jj = 0; jj < width; jj++) {
                    int plane = jj * patches;
                    Arrays.fill(planes, plane, plane + patches, 0f);
                    addShiftedTaps(level2Taps, j0 + jj, layer2, layer2Offset, h2, w2, planes, plane);
                    if (level3Taps.hasTaps(j0 + jj)) {
                        Arrays.fill(reduced3, 0f);
                        addShiftedTaps(level3Taps, j0 + jj, layer3, layer3Offset, h3, w3, reduced3, 0);
                        addUpsampled(plane);
                    }
                }
                for (int n = 0; n < patches; n++) {
                    int o = outOffset + n * featureDim + j0;
                    for (int jj = 0; jj < width; jj++) {
                        out[o + jj] = planes[jj * patches + n];
                    }
                }
            }
        }

        /** Layer2 components into fine rows, layer3 components into coarse rows (no upsampling). */
        void runSplit(float[] layer2, int layer2Offset, float[] layer3, int layer3Offset, float[] fine, float[] coarse) {
            int fineDims = fineDims();
            int coarseDims = featureDim - fineDims;
            int cells = h3 * w3;
            float[] coarsePlanes = new float[BLOCK * cells];
            for (int j0 = 0; j0 < featureDim; j0 += BLOCK) {
                int width = Math.min(BLOCK, featureDim - j0);
                for (int jj = 0; jj < width; jj++) {
                    int j = j0 + jj;
                    if (j < fineDims) {
                        int plane = jj * patches;
                        Arrays.fill(planes, plane, plane + patches, 0f);
                        addShiftedTaps(level2Taps, j, layer2, layer2Offset, h2, w2, planes, plane);
                    } else {
                        int plane = jj * cells;
                        Arrays.fill(coarsePlanes, plane, plane + cells, 0f);
                        addShiftedTaps(level3Taps, j, layer3, layer3Offset, h3, w3, coarsePlanes, plane);
                    }
                }
                // Transposed writes a block at a time, so each row receives consecutive floats.
                int fineWidth = Math.max(0, Math.min(width, fineDims - j0));
                for (int n = 0; n < patches && fineWidth > 0; n++) {
                    int o = n * fineDims + j0;
                    for (int jj = 0; jj < fineWidth; jj++) {
                        fine[o + jj] = planes[jj * patches + n];
                    }
                }
                for (int m = 0; m < cells && fineWidth < width; m++) {
                    int o = m * coarseDims + j0 + fineWidth - fineDims;
                    for (int jj = fineWidth; jj < width; jj++) {
                        coarse[o + jj - fineWidth] = coarsePlanes[jj * cells + m];
                    }
                }
            }
        }

        /** target += sum over taps of weight * map[c] shifted by (dy, dx), zero outside the map. */
        private void addShiftedTaps(TapTable taps, int j, float[] map, int mapOffset, int height, int width,
                                    float[] target, int targetOffset) {
            int planeSize = height * width;
            for (int t = taps.start[j]; t < taps.start[j + 1]; t++) {
                int k = taps.component[t];
                float weight = taps.weight[t];
                int channelBase = mapOffset + (k / 9) * planeSize;
                int dy = (k % 9) / 3 - 1;
                int dx = k % 3 - 1;
                int yFrom = Math.max(0, -dy);
                int yTo = Math.min(height, height - dy);
                int xFrom = Math.max(0, -dx);
                int xTo = Math.min(width, width - dx);
                for (int y = yFrom; y < yTo; y++) {
                    int dst = targetOffset + y * width;
                    int src = channelBase + (y + dy) * width + dx;
                    for (int x = xFrom; x < xTo; x++) {
                        target[dst + x] += weight * map[src + x];
                    }
                }
            }
        }

        /** planes[plane ..] += bilinear upsampling of reduced3 (H3 x W3) to H2 x W2; x pass then y pass. */
        private void addUpsampled(int plane) {
            for (int y = 0; y < h3; y++) {
                int src = y * w3;
                int dst = y * w2;
                for (int x = 0; x < w2; x++) {
                    rowsUpsampled[dst + x] = columns.weight0[x] * reduced3[src + columns.index0[x]]
                            + columns.weight1[x] * reduced3[src + columns.index1[x]];
                }
            }
            for (int y = 0; y < h2; y++) {
                int top = rows.index0[y] * w2;
                int bottom = rows.index1[y] * w2;
                float wTop = rows.weight0[y];
                float wBottom = rows.weight1[y];
                int dst = plane + y * w2;
                for (int x = 0; x < w2; x++) {
                    planes[dst + x] += wTop * rowsUpsampled[top + x] + wBottom * rowsUpsampled[bottom + x];
                }
            }
        }
    }

    private void checkBatch(float[] layer2, float[] layer3, int batch, float[] out, int outOffset) {
        requirePositive("batch", batch);
        if ((long) batch * layer2Floats() != layer2.length) {
            throw new IllegalArgumentException("layer2 has " + layer2.length + " floats, batch " + batch + " x ["
                    + c2 + ", " + h2 + ", " + w2 + "] needs " + (long) batch * layer2Floats());
        }
        if ((long) batch * layer3Floats() != layer3.length) {
            throw new IllegalArgumentException("layer3 has " + layer3.length + " floats, batch " + batch + " x ["
                    + c3 + ", " + h3 + ", " + w3 + "] needs " + (long) batch * layer3Floats());
        }
        checkRange(out, outOffset, (long) batch * floatsPerImage(), "output");
    }

    private static void checkRange(float[] array, int offset, long count, String what) {
        if (array == null) {
            throw new IllegalArgumentException(what + " buffer is null");
        }
        if (offset < 0 || offset + count > array.length) {
            throw new IndexOutOfBoundsException(what + " buffer of " + array.length + " floats cannot hold "
                    + count + " floats at offset " + offset);
        }
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "PatchAggregator[layer2 " + c2 + "x" + h2 + "x" + w2 + ", layer3 " + c3 + "x" + h3 + "x" + w3
                + " -> " + patchCount() + " x " + featureDim + "]";
    }
}
