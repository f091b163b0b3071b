package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.EncodedFormat;
import dev.inspection.dataset.domain.GroupCount;
import dev.inspection.dataset.domain.ImageFilter;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL for reading image rows of a membership table (dataset_image or snapshot_member, which share
 * their column names) joined with the blob metadata, never the blob bytes.
 */
final class ImageRowSql {
    private ImageRowSql() {
    }

    /** SELECT ... FROM {@code table} m JOIN image_blob; {@code ownerColumn} = ? is the first condition. */
    static String select(String table, String ownerColumn) {
        return "SELECT m.image_sha256, m.split, m.label, m.defect_type,"
                + " b.width, b.height, b.channels, b.format, m.source_name, m.mask_sha256,"
                + " m.label_revision, m.labelled_by, m.labelled_at"
                + " FROM " + table + " m JOIN image_blob b ON b.sha256 = m.image_sha256"
                + " WHERE m." + ownerColumn + " = ?";
    }

    /** Appends the filter's conditions; returns the values to bind after the owner id. */
    static List<Object> appendFilter(StringBuilder sql, ImageFilter filter) {
        List<Object> values = new ArrayList<>(3);
        if (filter.split() != null) {
            sql.append(" AND m.split = ?");
            values.add(filter.split().name());
        }
        if (filter.label() != null) {
            sql.append(" AND m.label = ?");
            values.add(filter.label().name());
        }
        if (filter.hasDefectType()) {
            sql.append(" AND m.defect_type = ?");
            values.add(filter.defectType());
        }
        return values;
    }

    static int bind(PreparedStatement statement, int index, List<Object> values) throws SQLException {
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }

    /** Reads the current row of a result of {@link #select}; the dataset id is known to the caller. */
    static ImageRow read(ResultSet rs, UUID datasetId) throws SQLException {
        Timestamp labelledAt = rs.getTimestamp(13);
        return new ImageRow(rs.getString(1), datasetId, ImageSplit.valueOf(rs.getString(2)),
                ImageLabel.valueOf(rs.getString(3)), rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                EncodedFormat.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10), rs.getLong(11),
                rs.getString(12), labelledAt.toInstant());
    }

    /** Runs a query built from {@link #select} and reads all rows. */
    static List<ImageRow> query(java.sql.Connection connection, String sql, UUID datasetId, List<Object> values)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, 1, values);
            try (ResultSet rs = statement.executeQuery()) {
                List<ImageRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(read(rs, datasetId));
                }
                return rows;
            }
        }
    }

    /** Per-(split, label, defect type) counts of a membership table for one owner. */
    static DatasetStatistics statistics(java.sql.Connection connection, String table, String ownerColumn, UUID ownerId,
                                        UUID datasetId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT split, label, defect_type, count(*), count(mask_sha256) FROM " + table
                        + " WHERE " + ownerColumn + " = ? GROUP BY split, label, defect_type")) {
            statement.setObject(1, ownerId);
            List<GroupCount> groups = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    groups.add(new GroupCount(ImageSplit.valueOf(rs.getString(1)), ImageLabel.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return DatasetStatistics.of(datasetId, groups);
        }
    }
}
