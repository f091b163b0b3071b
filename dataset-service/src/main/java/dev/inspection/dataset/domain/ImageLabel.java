package dev.inspection.dataset.domain;

/** Ground-truth label of an image (stored by name). */
public enum ImageLabel {
    /** Defect-free; its defect type is always {@link LabelRules#GOOD}. */
    NORMAL,
    /** Has a defect of a named type. */
    ANOMALOUS
}
