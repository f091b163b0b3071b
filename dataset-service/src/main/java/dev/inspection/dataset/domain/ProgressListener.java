package dev.inspection.dataset.domain;

/** Receives one event per processed file of a long-running import. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (processed, total, currentFile) -> { };

    void onFile(long processed, long total, String currentFile);
}
