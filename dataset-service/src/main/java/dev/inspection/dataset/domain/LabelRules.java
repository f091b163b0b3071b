package dev.inspection.dataset.domain;

import java.util.regex.Pattern;

/** Naming rules for datasets and defect types, and the label/defect-type pairing. */
public final class LabelRules {
    /** Defect type of every NORMAL image (the MVTec AD folder name). */
    public static final String GOOD = "good";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DEFECT_TYPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private LabelRules() {
    }

    /** @throws InvalidInputException naming {@code field} when {@code name} breaks the dataset name rule */
    public static String requireDatasetName(String name, String field) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(field + " must be 1-128 characters of [A-Za-z0-9._-], got '"
                    + abbreviate(name) + "'");
        }
        return name;
    }

    /**
     * The defect type to store with {@code label}: "good" for NORMAL (an empty or "good" input),
     * the given type for ANOMALOUS (required, and not "good").
     */
    public static String defectTypeFor(ImageLabel label, String defectType, String field) {
        String given = defectType == null ? "" : defectType;
        if (label == ImageLabel.NORMAL) {
            if (!given.isEmpty() && !GOOD.equals(given)) {
                throw new InvalidInputException(field + " must be empty or 'good' for a NORMAL image, got '"
                        + abbreviate(given) + "'");
            }
            return GOOD;
        }
        if (given.isEmpty() || GOOD.equals(given) || !DEFECT_TYPE.matcher(given).matches()) {
            throw new InvalidInputException(field + " of an ANOMALOUS image must be 1-64 characters of"
                    + " [A-Za-z0-9._-] other than 'good', got '" + abbreviate(given) + "'");
        }
        return given;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
