package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.ImageFilter;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.SnapshotDigest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Immutable snapshots of a dataset's membership. */
@ApplicationScoped
public class SnapshotRepository {
    private static final String TABLE = "snapshot_member";
    private static final String OWNER = "snapshot_id";
    private static final int INSERT_BATCH_ROWS = 500;

    @Inject
    Jdbc jdbc;

    @Inject
    DatasetRepository datasets;

    /**
     * Freezes the dataset's current members. The digest is computed from exactly the rows inserted
     * (read once, in id order), so concurrent label edits cannot make the two disagree.
     */
    @Transactional
    public SnapshotView create(UUID datasetId, String description) {
        DatasetEntity dataset = datasets.require(datasetId);
        String sql = ImageRowSql.select("dataset_image", "dataset_id") + " ORDER BY m.image_sha256";
        List<ImageRow> rows = jdbc.work(connection -> ImageRowSql.query(connection, sql, datasetId, List.of(datasetId)));
        SnapshotDigest digest = new SnapshotDigest();
        for (ImageRow row : rows) {
            digest.add(row.imageId(), row.split(), row.label(), row.defectType(), row.maskId());
        }
        SnapshotEntity snapshot = new SnapshotEntity();
        snapshot.id = UUID.randomUUID();
        snapshot.dataset = dataset;
        snapshot.description = description == null ? "" : description;
        snapshot.createdAt = DatasetRepository.now();
        snapshot.contentDigest = digest.hex();
        snapshot.imageCount = rows.size();
        snapshot.persist();
        jdbc.work(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO snapshot_member (snapshot_id, image_sha256, split, label, defect_type, mask_sha256,"
                            + " source_name, label_revision, labelled_by, labelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (ImageRow row : rows) {
                    insert.setObject(1, snapshot.id);
                    insert.setString(2, row.imageId());
                    insert.setString(3, row.split().name());
                    insert.setString(4, row.label().name());
                    insert.setString(5, row.defectType());
                    insert.setString(6, row.maskId());
                    insert.setString(7, row.sourceName());
                    insert.setLong(8, row.labelRevision());
                    insert.setString(9, row.labelledBy());
                    insert.setTimestamp(10, Timestamp.from(row.labelledAt()));
                    insert.addBatch();
                    if (++pending == INSERT_BATCH_ROWS) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
        return new SnapshotView(snapshot.id, datasetId, snapshot.description, snapshot.createdAt, snapshot.contentDigest,
                snapshot.imageCount);
    }

    /** @throws NotFoundException when no snapshot has this id */
    @Transactional
    public SnapshotView require(UUID snapshotId) {
        SnapshotEntity snapshot = SnapshotEntity.findById(snapshotId);
        if (snapshot == null) {
            throw new NotFoundException("snapshot " + snapshotId + " does not exist");
        }
        return new SnapshotView(snapshot.id, snapshot.dataset.id, snapshot.description, snapshot.createdAt,
                snapshot.contentDigest, snapshot.imageCount);
    }

    @Transactional
    public DatasetStatistics statistics(SnapshotView snapshot) {
        return jdbc.work(connection -> ImageRowSql.statistics(connection, TABLE, OWNER, snapshot.id(), snapshot.datasetId()));
    }

    /** Up to {@code limit} frozen members matching {@code filter} with an image id after {@code afterId}. */
    @Transactional
    public List<ImageRow> page(SnapshotView snapshot, ImageFilter filter, String afterId, int limit) {
        StringBuilder sql = new StringBuilder(ImageRowSql.select(TABLE, OWNER));
        List<Object> values = new ArrayList<>();
        values.add(snapshot.id());
        values.addAll(ImageRowSql.appendFilter(sql, filter));
        sql.append(" AND m.image_sha256 > ? ORDER BY m.image_sha256 LIMIT ?");
        values.add(afterId);
        values.add(limit);
        return jdbc.work(connection -> ImageRowSql.query(connection, sql.toString(), snapshot.datasetId(), values));
    }
}
