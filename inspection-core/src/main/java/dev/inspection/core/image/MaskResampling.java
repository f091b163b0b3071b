package dev.inspection.core.image;

/** How {@link Preprocessor#preprocessMask} resizes a ground-truth mask. */
public enum MaskResampling {
    /** Pillow NEAREST: the mask stays binary (0/255). The default for pixel metrics. */
    NEAREST,
    /**
     * Pillow BILINEAR, as SimpleNet's reference code does (a quirk: the mask is no longer binary at
     * defect borders). Use only to reproduce the reference numbers.
     */
    BILINEAR
}
