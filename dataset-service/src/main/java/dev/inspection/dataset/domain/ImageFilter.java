package dev.inspection.dataset.domain;

/**
 * Selects images by split, label and defect type; a null (or empty defect type) matches everything.
 */
public record ImageFilter(ImageSplit split, ImageLabel label, String defectType) {
    public static final ImageFilter ALL = new ImageFilter(null, null, null);

    public boolean hasDefectType() {
        return defectType != null && !defectType.isEmpty();
    }
}
