package dev.inspection.training.bgad;

/** Receives progress from data preparation and training (on the training thread; keep it cheap). */
@FunctionalInterface
public interface BgadProgressListener {

    BgadProgressListener NONE = progress -> { };

    void onProgress(BgadProgress progress);
}
