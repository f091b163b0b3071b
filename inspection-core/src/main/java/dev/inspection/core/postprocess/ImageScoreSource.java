package dev.inspection.core.postprocess;

/** Where the raw image score is taken from. */
public enum ImageScoreSource {
    /** Maximum of the raw patch-score grid, before upsampling and blur (SimpleNet). */
    GRID_MAX,
    /** Maximum of the final pixel map (BGAD). */
    MAP_MAX
}
