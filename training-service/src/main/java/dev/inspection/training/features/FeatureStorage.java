package dev.inspection.training.features;

/** Element type of cached embeddings on disk (little-endian). */
public enum FeatureStorage {
    /** IEEE binary16: half the disk and page-cache footprint; ~1e-3 relative rounding, below training noise. */
    FLOAT16(2),
    /** Exact float32 copies of the source embeddings. */
    FLOAT32(4);

    private final int bytesPerValue;

    FeatureStorage(int bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    public int bytesPerValue() {
        return bytesPerValue;
    }
}
