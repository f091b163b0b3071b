package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.ImageLabel;
import java.time.Instant;

/** One entry of an image's label history. */
public record LabelHistoryRow(long revision, ImageLabel label, String defectType, String labelledBy, Instant labelledAt) {
}
