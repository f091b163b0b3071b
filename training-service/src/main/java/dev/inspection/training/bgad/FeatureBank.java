package dev.inspection.training.bgad;

import dev.inspection.core.tensor.Float16;
import java.util.ArrayList;
import java.util.List;

/**
 * Reduced level rows of many images kept as float16 (half the memory of float32; the flows see
 * float32 again), with optional per-position flags per level for anomalous images
 * ({@link LevelMasks#NORMAL}, {@link LevelMasks#ANOMALOUS}, {@link LevelMasks#IGNORED}).
 * Not thread-safe for concurrent adds.
 */
public final class FeatureBank {

    private final List<LevelShape> shapes;
    private final List<short[][]> rows = new ArrayList<>();
    private final List<byte[][]> masks = new ArrayList<>();

    /** @param shapes reduced level shapes (channels after reduction) */
    public FeatureBank(List<LevelShape> shapes) {
        this.shapes = List.copyOf(shapes);
    }

    public List<LevelShape> shapes() {
        return shapes;
    }

    public int size() {
        return rows.size();
    }

    /**
     * Adds one image.
     *
     * @param levelRows  per level {@code [H*W, C]} float32 rows
     * @param levelMasks per level {@code H*W} {@link LevelMasks} flags, or null for a normal image
     */
    public void add(float[][] levelRows, byte[][] levelMasks) {
        if (levelRows.length != shapes.size() || (levelMasks != null && levelMasks.length != shapes.size())) {
            throw new IllegalArgumentException("expected " + shapes.size() + " levels");
        }
        short[][] half = new short[shapes.size()][];
        for (int l = 0; l < shapes.size(); l++) {
            LevelShape s = shapes.get(l);
            if (levelRows[l].length != s.positions() * s.channels()) {
                throw new IllegalArgumentException("level " + (l + 1) + " has " + levelRows[l].length
                        + " floats, expected " + s.positions() * s.channels());
            }
            if (levelMasks != null && levelMasks[l].length != s.positions()) {
                throw new IllegalArgumentException("level " + (l + 1) + " mask has " + levelMasks[l].length
                        + " positions, expected " + s.positions());
            }
            short[] h = new short[levelRows[l].length];
            for (int i = 0; i < h.length; i++) {
                h[i] = Float16.fromFloat(levelRows[l][i]);
            }
            half[l] = h;
        }
        rows.add(half);
        masks.add(levelMasks);
    }

    /** Copies row {@code position} of image {@code entry} at {@code level} as float32. */
    public void copyRow(int entry, int level, int position, float[] dest, int destOffset) {
        int c = shapes.get(level).channels();
        short[] h = rows.get(entry)[level];
        int src = position * c;
        for (int i = 0; i < c; i++) {
            dest[destOffset + i] = Float16.toFloat(h[src + i]);
        }
    }

    /** All rows of one image's level as float32 {@code [H*W, C]}. */
    public float[] levelRows(int entry, int level) {
        short[] h = rows.get(entry)[level];
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = Float16.toFloat(h[i]);
        }
        return out;
    }

    public boolean isAnomalous(int entry, int level, int position) {
        byte[][] m = masks.get(entry);
        return m != null && m[level][position] == LevelMasks.ANOMALOUS;
    }

    /** Whether the position is left out of training (next to a defect, see {@link LevelMasks#withIgnoreRing}). */
    public boolean isIgnored(int entry, int level, int position) {
        byte[][] m = masks.get(entry);
        return m != null && m[level][position] == LevelMasks.IGNORED;
    }

    /** Level masks of one entry (null for a normal image). */
    public byte[][] levelMasks(int entry) {
        return masks.get(entry);
    }
}
