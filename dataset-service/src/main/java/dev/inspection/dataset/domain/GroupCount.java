package dev.inspection.dataset.domain;

/** Images and masks of one (split, label, defect type) group. */
public record GroupCount(ImageSplit split, ImageLabel label, String defectType, long images, long masks) {
}
