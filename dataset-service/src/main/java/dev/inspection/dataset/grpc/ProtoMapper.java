package dev.inspection.dataset.grpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.ImageFormat;
import dev.inspection.api.common.v1.ImageInfo;
import dev.inspection.api.common.v1.Mask;
import dev.inspection.api.dataset.v1.Dataset;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.Label;
import dev.inspection.api.dataset.v1.LabelHistoryEntry;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.Split;
import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.EncodedFormat;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import dev.inspection.dataset.persistence.DatasetSummary;
import dev.inspection.dataset.persistence.ImageRow;
import dev.inspection.dataset.persistence.LabelHistoryRow;
import dev.inspection.dataset.persistence.SnapshotView;
import java.time.Instant;

/** Domain and persistence values to protobuf messages. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static Dataset dataset(DatasetSummary summary) {
        return Dataset.newBuilder()
                .setId(summary.id().toString())
                .setName(summary.name())
                .setDescription(summary.description())
                .setCreatedAt(timestamp(summary.createdAt()))
                .setImageCount(summary.imageCount())
                .build();
    }

    /** The record without bytes; {@code imageBytes} and {@code maskPng} are added when non-null. */
    static ImageRecord record(ImageRow row, byte[] imageBytes, byte[] maskPng) {
        ImageRecord.Builder record = ImageRecord.newBuilder()
                .setImageId(row.imageId())
                .setDatasetId(row.datasetId().toString())
                .setSplit(split(row.split()))
                .setLabel(label(row.label()))
                .setDefectType(row.defectType())
                .setInfo(ImageInfo.newBuilder().setWidth(row.width()).setHeight(row.height())
                        .setChannels(row.channels()).setFormat(format(row.format())))
                .setSourceName(row.sourceName())
                .setHasMask(row.maskId() != null)
                .setLabelRevision(row.labelRevision())
                .setLabelledBy(row.labelledBy())
                .setLabelledAt(timestamp(row.labelledAt()));
        // the arrays come fresh from the database and are never touched again: wrap, don't copy
        if (imageBytes != null) {
            record.setImageBytes(UnsafeByteOperations.unsafeWrap(imageBytes));
        }
        if (maskPng != null) {
            record.setMask(Mask.newBuilder().setPng(UnsafeByteOperations.unsafeWrap(maskPng))
                    .setWidth(row.width()).setHeight(row.height()));
        }
        return record.build();
    }

    static LabelHistoryEntry historyEntry(LabelHistoryRow row) {
        return LabelHistoryEntry.newBuilder()
                .setRevision(row.revision())
                .setLabel(label(row.label()))
                .setDefectType(row.defectType())
                .setLabelledBy(row.labelledBy())
                .setLabelledAt(timestamp(row.labelledAt()))
                .build();
    }

    static dev.inspection.api.dataset.v1.DatasetStatistics statistics(DatasetStatistics statistics) {
        dev.inspection.api.dataset.v1.DatasetStatistics.Builder proto =
                dev.inspection.api.dataset.v1.DatasetStatistics.newBuilder()
                        .setDatasetId(statistics.datasetId().toString())
                        .setImages(statistics.images())
                        .setMasks(statistics.masks());
        for (dev.inspection.dataset.domain.GroupCount group : statistics.groups()) {
            proto.addGroups(GroupCount.newBuilder()
                    .setSplit(split(group.split()))
                    .setLabel(label(group.label()))
                    .setDefectType(group.defectType())
                    .setImages(group.images())
                    .setMasks(group.masks()));
        }
        return proto.build();
    }

    static Snapshot snapshot(SnapshotView snapshot, DatasetStatistics statistics) {
        return Snapshot.newBuilder()
                .setId(snapshot.id().toString())
                .setDatasetId(snapshot.datasetId().toString())
                .setDescription(snapshot.description())
                .setCreatedAt(timestamp(snapshot.createdAt()))
                .setContentDigest(snapshot.contentDigest())
                .setStatistics(statistics(statistics))
                .build();
    }

    static Split split(ImageSplit split) {
        return switch (split) {
            case TRAIN -> Split.TRAIN;
            case VALIDATION -> Split.VALIDATION;
            case TEST -> Split.TEST;
        };
    }

    static Label label(ImageLabel label) {
        return switch (label) {
            case NORMAL -> Label.NORMAL;
            case ANOMALOUS -> Label.ANOMALOUS;
        };
    }

    static ImageFormat format(EncodedFormat format) {
        return switch (format) {
            case PNG -> ImageFormat.PNG;
            case JPEG -> ImageFormat.JPEG;
            case BMP -> ImageFormat.BMP;
        };
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
