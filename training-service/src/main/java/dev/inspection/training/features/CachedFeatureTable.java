package dev.inspection.training.features;

import dev.inspection.core.tensor.Float16;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link FeatureTable} read from a {@link FeatureCache} data file through memory maps: the rows stay
 * on disk (and in the page cache), only sampled rows are decoded to float. The file is mapped in
 * segments of whole records, so files above 2 GiB work. Image {@code i} of the table is record
 * {@code slots[i]} of the file. Absolute reads only, hence thread-safe.
 */
public final class CachedFeatureTable implements FeatureTable {

    private final int patches;
    private final int dim;
    private final FeatureStorage storage;
    private final long recordBytes;
    private final int recordsPerSegment;
    private final int[] slots;
    private final MappedByteBuffer[] segments;

    CachedFeatureTable(Path dataFile, FeatureStorage storage, int patchesPerImage, int featureDim, int[] slots,
                       int recordCount) throws IOException {
        this.patches = patchesPerImage;
        this.dim = featureDim;
        this.storage = storage;
        this.recordBytes = (long) patchesPerImage * featureDim * storage.bytesPerValue();
        if (recordBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("one image's features (" + recordBytes + " bytes) exceed a 2 GiB map");
        }
        this.recordsPerSegment = (int) Math.max(1, Integer.MAX_VALUE / recordBytes);
        this.slots = slots.clone();
        for (int slot : this.slots) {
            if (slot < 0 || slot >= recordCount) {
                throw new IllegalArgumentException("cache slot " + slot + " outside the " + recordCount
                        + " records of " + dataFile);
            }
        }
        int segmentCount = (recordCount + recordsPerSegment - 1) / recordsPerSegment;
        this.segments = new MappedByteBuffer[segmentCount];
        try (FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long needed = recordCount * recordBytes;
            if (channel.size() < needed) {
                throw new IOException(dataFile + " holds " + channel.size() + " bytes, expected at least " + needed);
            }
            for (int s = 0; s < segmentCount; s++) {
                int records = Math.min(recordsPerSegment, recordCount - s * recordsPerSegment);
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY,
                        (long) s * recordsPerSegment * recordBytes, records * recordBytes);
                map.order(ByteOrder.LITTLE_ENDIAN);
                segments[s] = map;
            }
        }
    }

    @Override
    public int imageCount() {
        return slots.length;
    }

    @Override
    public int patchesPerImage() {
        return patches;
    }

    @Override
    public int featureDim() {
        return dim;
    }

    public FeatureStorage storage() {
        return storage;
    }

    @Override
    public void readRows(long[] rows, int count, float[] dest) {
        if (count > rows.length || (long) count * dim > dest.length) {
            throw new IndexOutOfBoundsException("cannot read " + count + " rows into " + dest.length + " floats");
        }
        for (int i = 0; i < count; i++) {
            long row = rows[i];
            checkRow(row);
            int image = (int) (row / patches);
            int patch = (int) (row - (long) image * patches);
            decode(slots[image], (long) patch * dim, dest, i * dim, dim);
        }
    }

    @Override
    public void readImage(int image, float[] dest, int offset) {
        checkImage(image);
        if (offset < 0 || (long) offset + (long) patches * dim > dest.length) {
            throw new IndexOutOfBoundsException("image of " + (long) patches * dim + " floats does not fit "
                    + dest.length + " floats at offset " + offset);
        }
        decode(slots[image], 0, dest, offset, patches * dim);
    }

    /** Decodes {@code count} values starting at value {@code firstValue} of record {@code slot}. */
    private void decode(int slot, long firstValue, float[] dest, int destOffset, int count) {
        MappedByteBuffer segment = segments[slot / recordsPerSegment];
        int base = (int) ((slot % recordsPerSegment) * recordBytes + firstValue * storage.bytesPerValue());
        if (storage == FeatureStorage.FLOAT16) {
            for (int i = 0; i < count; i++) {
                dest[destOffset + i] = Float16.toFloat(segment.getShort(base + 2 * i));
            }
        } else {
            for (int i = 0; i < count; i++) {
                dest[destOffset + i] = segment.getFloat(base + 4 * i);
            }
        }
    }
}
