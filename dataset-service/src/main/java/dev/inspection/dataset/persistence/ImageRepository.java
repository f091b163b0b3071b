package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.EncodedFormat;
import dev.inspection.dataset.domain.ImageFilter;
import dev.inspection.dataset.domain.ImageInspector;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.Sha256;
import dev.inspection.dataset.domain.StaleRevisionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Images as members of a dataset: listing, lookup, label/mask/split edits, statistics. */
@ApplicationScoped
public class ImageRepository {
    private static final String TABLE = "dataset_image";
    private static final String OWNER = "dataset_id";

    @Inject
    EntityManager em;

    @Inject
    Jdbc jdbc;

    @Inject
    DatasetRepository datasets;

    @Inject
    BlobStore blobs;

    @Inject
    ImageInspector inspector;

    /** Up to {@code limit} members matching {@code filter} with an image id after {@code afterId}, by id. */
    @Transactional
    public List<ImageRow> page(UUID datasetId, ImageFilter filter, String afterId, int limit) {
        datasets.require(datasetId);
        StringBuilder sql = new StringBuilder(ImageRowSql.select(TABLE, OWNER));
        List<Object> values = new ArrayList<>();
        values.add(datasetId);
        values.addAll(ImageRowSql.appendFilter(sql, filter));
        sql.append(" AND m.image_sha256 > ? ORDER BY m.image_sha256 LIMIT ?");
        values.add(afterId);
        values.add(limit);
        return jdbc.work(connection -> ImageRowSql.query(connection, sql.toString(), datasetId, values));
    }

    @Transactional
    public long count(UUID datasetId, ImageFilter filter) {
        datasets.require(datasetId);
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM " + TABLE + " m WHERE m." + OWNER + " = ?");
        List<Object> values = new ArrayList<>();
        values.add(datasetId);
        values.addAll(ImageRowSql.appendFilter(sql, filter));
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                ImageRowSql.bind(statement, 1, values);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** @throws NotFoundException naming the image and dataset when the image is not a member */
    @Transactional
    public ImageRow require(UUID datasetId, String imageId) {
        List<ImageRow> rows = rows(datasetId, List.of(imageId));
        if (rows.isEmpty()) {
            throw new NotFoundException("image " + imageId + " is not in dataset " + datasetId);
        }
        return rows.get(0);
    }

    /** The members among {@code imageIds} (in id order); the dataset must exist. */
    @Transactional
    public List<ImageRow> rows(UUID datasetId, Collection<String> imageIds) {
        datasets.require(datasetId);
        String sql = ImageRowSql.select(TABLE, OWNER) + " AND m.image_sha256 = ANY(?) ORDER BY m.image_sha256";
        return jdbc.work(connection -> {
            List<Object> values = List.of(datasetId, Jdbc.varcharArray(connection, imageIds));
            return ImageRowSql.query(connection, sql, datasetId, values);
        });
    }

    /**
     * Sets the label under a row lock, so concurrent edits queue instead of overwriting each other,
     * and appends the new revision to the history.
     *
     * @param expectedRevision 0 to apply unconditionally, else the revision the caller last saw
     */
    @Transactional
    public ImageRow setLabel(UUID datasetId, String imageId, ImageLabel label, String defectType, String labelledBy,
                             long expectedRevision) {
        DatasetImageEntity member = lockMember(datasetId, imageId);
        if (expectedRevision != 0 && expectedRevision != member.labelRevision) {
            throw new StaleRevisionException("expected_revision " + expectedRevision + " of image " + imageId
                    + " is stale: the current revision is " + member.labelRevision);
        }
        member.label = label;
        member.defectType = defectType;
        member.labelledBy = labelledBy;
        member.labelledAt = DatasetRepository.now();
        member.labelRevision++;
        em.persist(LabelHistoryEntity.of(member));
        return require(datasetId, imageId);
    }

    /** Replaces the mask (validated against the image's size), or clears it when {@code png} is empty. */
    @Transactional
    public ImageRow setMask(UUID datasetId, String imageId, byte[] png) {
        DatasetImageEntity member = lockMember(datasetId, imageId);
        if (png.length == 0) {
            member.mask = null;
        } else {
            ImageRow row = require(datasetId, imageId);
            byte[] mask = inspector.normalizeMask(png, "mask_png", row.width(), row.height());
            String maskId = Sha256.hex(mask);
            blobs.insert(List.of(new BlobStore.Blob(maskId, mask, row.width(), row.height(), 1, EncodedFormat.PNG)));
            member.mask = em.getReference(ImageBlobEntity.class, maskId);
        }
        return require(datasetId, imageId);
    }

    @Transactional
    public ImageRow setSplit(UUID datasetId, String imageId, ImageSplit split) {
        DatasetImageEntity member = lockMember(datasetId, imageId);
        member.split = split;
        return require(datasetId, imageId);
    }

    /** The label history, newest first. */
    @Transactional
    public List<LabelHistoryRow> history(UUID datasetId, String imageId) {
        require(datasetId, imageId);
        return em.createQuery("select new dev.inspection.dataset.persistence.LabelHistoryRow("
                                + "h.revision, h.label, h.defectType, h.labelledBy, h.labelledAt)"
                                + " from LabelHistoryEntity h where h.membership.dataset.id = :dataset"
                                + " and h.membership.image.sha256 = :image order by h.revision desc",
                        LabelHistoryRow.class)
                .setParameter("dataset", datasetId).setParameter("image", imageId).getResultList();
    }

    /** Encoded bytes of images or masks by id. */
    @Transactional
    public java.util.Map<String, byte[]> blobBytes(Collection<String> ids) {
        return blobs.bytes(ids);
    }

    @Transactional
    public DatasetStatistics statistics(UUID datasetId) {
        datasets.require(datasetId);
        return jdbc.work(connection -> ImageRowSql.statistics(connection, TABLE, OWNER, datasetId, datasetId));
    }

    private DatasetImageEntity lockMember(UUID datasetId, String imageId) {
        datasets.require(datasetId);
        List<DatasetImageEntity> found = em.createQuery(
                        "from DatasetImageEntity m where m.dataset.id = :dataset and m.image.sha256 = :image",
                        DatasetImageEntity.class)
                .setParameter("dataset", datasetId).setParameter("image", imageId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        if (found.isEmpty()) {
            throw new NotFoundException("image " + imageId + " is not in dataset " + datasetId);
        }
        return found.get(0);
    }
}
