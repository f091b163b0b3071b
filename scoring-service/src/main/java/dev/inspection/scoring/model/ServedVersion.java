package dev.inspection.scoring.model;

import dev.inspection.api.model.v1.Calibration;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.core.postprocess.ScoreCalibration;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded, warmed-up version. Reference-counted: the serving table holds one reference and every
 * request holds one while it runs, so a version that is swapped out or unloaded closes its native
 * sessions only after the last request on it has finished.
 */
public final class ServedVersion {

    private final ModelManifest manifest;
    private final ModelRunner runner;
    private final ScoreCalibration calibration;
    /** The table's reference plus one per running request; 0 = closed for good. */
    private final AtomicInteger references = new AtomicInteger(1);

    /** @throws IllegalArgumentException when the manifest's calibration is unusable */
    public ServedVersion(ModelManifest manifest, ModelRunner runner) {
        this.manifest = manifest;
        this.runner = runner;
        this.calibration = calibration(manifest.getCalibration());
    }

    private static ScoreCalibration calibration(Calibration c) {
        try {
            return new ScoreCalibration(c.getImageThreshold(), c.getImageScale(), c.getPixelThreshold(), c.getPixelScale());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest calibration is unusable: " + e.getMessage(), e);
        }
    }

    public String modelName() {
        return manifest.getModelName();
    }

    public int version() {
        return manifest.getVersion();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public ModelRunner runner() {
        return runner;
    }

    public ScoreCalibration calibration() {
        return calibration;
    }

    /** Takes a request reference; false when the version has already been closed. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one closes the runner. */
    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            runner.close();
        } else if (left < 0) {
            throw new IllegalStateException("version " + version() + " of '" + modelName() + "' released too often");
        }
    }

    /** True once every reference is gone and the runner is closed. */
    public boolean isClosed() {
        return references.get() == 0;
    }

    /** References held right now (the table's one plus running requests), for tests and metrics. */
    public int references() {
        return references.get();
    }
}
