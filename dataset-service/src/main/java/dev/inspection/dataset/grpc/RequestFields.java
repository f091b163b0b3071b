package dev.inspection.dataset.grpc;

import dev.inspection.api.dataset.v1.ImageFilter;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import dev.inspection.dataset.domain.InvalidInputException;
import dev.inspection.dataset.domain.LabelRules;
import java.util.UUID;

/** Parses and checks request fields; every failure names the field. */
final class RequestFields {
    private RequestFields() {
    }

    static UUID uuid(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field + " is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + " must be a UUID, got '" + abbreviate(value) + "'");
        }
    }

    /** The split, or null for SPLIT_UNSPECIFIED when {@code optional}. */
    static ImageSplit split(Split split, String field, boolean optional) {
        return switch (split) {
            case TRAIN -> ImageSplit.TRAIN;
            case VALIDATION -> ImageSplit.VALIDATION;
            case TEST -> ImageSplit.TEST;
            case SPLIT_UNSPECIFIED -> {
                if (optional) {
                    yield null;
                }
                throw new InvalidInputException(field + " is required (TRAIN, VALIDATION or TEST)");
            }
            case UNRECOGNIZED -> throw new InvalidInputException(field + " has an unknown value");
        };
    }

    /** The label, or null for LABEL_UNSPECIFIED when {@code optional}. */
    static ImageLabel label(Label label, String field, boolean optional) {
        return switch (label) {
            case NORMAL -> ImageLabel.NORMAL;
            case ANOMALOUS -> ImageLabel.ANOMALOUS;
            case LABEL_UNSPECIFIED -> {
                if (optional) {
                    yield null;
                }
                throw new InvalidInputException(field + " is required (NORMAL or ANOMALOUS)");
            }
            case UNRECOGNIZED -> throw new InvalidInputException(field + " has an unknown value");
        };
    }

    static dev.inspection.dataset.domain.ImageFilter filter(ImageFilter filter) {
        return new dev.inspection.dataset.domain.ImageFilter(split(filter.getSplit(), "filter.split", true),
                label(filter.getLabel(), "filter.label", true), filter.getDefectType());
    }

    static String labelledBy(String value, String fallback) {
        if (value.length() > 256) {
            throw new InvalidInputException("labelled_by must be at most 256 characters");
        }
        return value.isEmpty() ? fallback : value;
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    static String datasetName(String name, String field) {
        return LabelRules.requireDatasetName(name, field);
    }
}
