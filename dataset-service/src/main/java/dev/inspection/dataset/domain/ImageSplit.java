package dev.inspection.dataset.domain;

/** Which part of a dataset an image belongs to (stored by name). */
public enum ImageSplit {
    TRAIN,
    VALIDATION,
    TEST
}
