package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.EncodedFormat;
import dev.inspection.dataset.domain.NewImage;
import dev.inspection.dataset.domain.ProgressListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Adds validated images to a dataset inside the caller's transaction: blobs in bounded JDBC
 * batches, memberships and their first label-history rows through Hibernate's insert batching.
 * Images already in the dataset are left exactly as they are (their labels may have been edited).
 */
@ApplicationScoped
public class ImageBatchWriter {
    /** Flush blob batches at this many bytes so that memory stays bounded on large imports. */
    private static final long BLOB_BATCH_BYTES = 16L << 20;
    private static final int BLOB_BATCH_ROWS = 64;
    private static final int ENTITY_FLUSH_ROWS = 256;

    @Inject
    EntityManager em;

    @Inject
    Jdbc jdbc;

    @Inject
    BlobStore blobs;

    /** Requires an active transaction and the dataset row locked by the caller. */
    public WriteResult write(UUID datasetId, List<NewImage> images, ProgressListener progress) {
        Set<String> members = memberIds(datasetId, images.stream().map(NewImage::imageId).toList());
        List<NewImage> fresh = images.stream().filter(image -> !members.contains(image.imageId())).toList();

        Set<String> wanted = new HashSet<>();
        for (NewImage image : fresh) {
            wanted.add(image.imageId());
            if (image.maskId() != null) {
                wanted.add(image.maskId());
            }
        }
        Set<String> stored = new HashSet<>(blobs.existing(wanted));
        List<BlobStore.Blob> batch = new ArrayList<>();
        long batchBytes = 0;
        long processed = 0;
        for (NewImage image : fresh) {
            if (stored.add(image.imageId())) {
                byte[] bytes = image.source().load();
                batch.add(new BlobStore.Blob(image.imageId(), bytes, image.facts().width(), image.facts().height(),
                        image.facts().channels(), image.facts().format()));
                batchBytes += bytes.length;
            }
            if (image.maskId() != null && stored.add(image.maskId())) {
                batch.add(new BlobStore.Blob(image.maskId(), image.maskPng(), image.facts().width(),
                        image.facts().height(), 1, EncodedFormat.PNG));
                batchBytes += image.maskPng().length;
            }
            if (batchBytes >= BLOB_BATCH_BYTES || batch.size() >= BLOB_BATCH_ROWS) {
                blobs.insert(batch);
                batch.clear();
                batchBytes = 0;
            }
            progress.onFile(++processed, fresh.size(), image.sourceName());
        }
        blobs.insert(batch);

        Instant now = DatasetRepository.now();
        DatasetEntity dataset = em.getReference(DatasetEntity.class, datasetId);
        long masksAdded = 0;
        int pending = 0;
        for (NewImage image : fresh) {
            DatasetImageEntity member = new DatasetImageEntity();
            member.dataset = dataset;
            member.image = em.getReference(ImageBlobEntity.class, image.imageId());
            member.split = image.split();
            member.sourceName = image.sourceName();
            member.label = image.label();
            member.defectType = image.defectType();
            member.labelRevision = 1;
            member.labelledBy = image.labelledBy();
            member.labelledAt = now;
            if (image.maskId() != null) {
                member.mask = em.getReference(ImageBlobEntity.class, image.maskId());
                masksAdded++;
            }
            em.persist(member);
            em.persist(LabelHistoryEntity.of(member));
            if (++pending == ENTITY_FLUSH_ROWS) {
                em.flush();
                em.clear();
                dataset = em.getReference(DatasetEntity.class, datasetId);
                pending = 0;
            }
        }
        em.flush();
        return new WriteResult(fresh.size(), images.size() - fresh.size(), masksAdded);
    }

    private Set<String> memberIds(UUID datasetId, List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT image_sha256 FROM dataset_image WHERE dataset_id = ? AND image_sha256 = ANY(?)")) {
                statement.setObject(1, datasetId);
                statement.setArray(2, Jdbc.varcharArray(connection, ids));
                Set<String> found = new HashSet<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                return found;
            }
        });
    }
}
