package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.AlreadyExistsException;
import dev.inspection.dataset.domain.LabelRules;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.PreconditionFailedException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Datasets: creation, lookup, paging by name, deletion. */
@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<DatasetEntity, UUID> {
    @Inject
    Jdbc jdbc;

    @Inject
    BlobStore blobs;

    @Transactional
    public DatasetSummary create(String name, String description) {
        DatasetEntity dataset = createInCurrentTransaction(name, description);
        return summary(dataset, 0);
    }

    /** Creates a dataset as part of the caller's transaction (an import creating its target). */
    public DatasetEntity createInCurrentTransaction(String name, String description) {
        LabelRules.requireDatasetName(name, "name");
        if (findByName(name).isPresent()) {
            throw new AlreadyExistsException("a dataset named '" + name + "' already exists");
        }
        DatasetEntity dataset = new DatasetEntity();
        dataset.id = UUID.randomUUID();
        dataset.name = name;
        dataset.description = description == null ? "" : description;
        dataset.createdAt = now();
        persist(dataset);
        return dataset;
    }

    public Optional<DatasetEntity> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** @throws NotFoundException when no dataset has this id */
    public DatasetEntity require(UUID id) {
        DatasetEntity dataset = findById(id);
        if (dataset == null) {
            throw new NotFoundException("dataset " + id + " does not exist");
        }
        return dataset;
    }

    /** Locks the dataset row so that imports, uploads and deletes of one dataset run one at a time. */
    public DatasetEntity requireLocked(UUID id) {
        DatasetEntity dataset = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (dataset == null) {
            throw new NotFoundException("dataset " + id + " does not exist");
        }
        return dataset;
    }

    @Transactional
    public DatasetSummary summaryById(UUID id) {
        DatasetEntity dataset = require(id);
        return summary(dataset, imageCounts(List.of(id)).getOrDefault(id, 0L));
    }

    @Transactional
    public DatasetSummary summaryByName(String name) {
        DatasetEntity dataset = findByName(name)
                .orElseThrow(() -> new NotFoundException("dataset '" + name + "' does not exist"));
        return summary(dataset, imageCounts(List.of(dataset.id)).getOrDefault(dataset.id, 0L));
    }

    /** Up to {@code limit} datasets whose name sorts after {@code afterName} ("" for the start). */
    @Transactional
    public List<DatasetSummary> page(String afterName, int limit) {
        List<DatasetEntity> datasets = find("name > ?1 order by name", afterName).page(0, limit).list();
        Map<UUID, Long> counts = imageCounts(datasets.stream().map(d -> d.id).toList());
        List<DatasetSummary> result = new ArrayList<>(datasets.size());
        for (DatasetEntity dataset : datasets) {
            result.add(summary(dataset, counts.getOrDefault(dataset.id, 0L)));
        }
        return result;
    }

    @Transactional
    public long total() {
        return count();
    }

    /**
     * Deletes a dataset, its memberships, label history and (with {@code force}) its snapshots, then
     * the blobs nothing references any more.
     *
     * @return the number of memberships removed
     */
    @Transactional
    public long delete(UUID id, boolean force) {
        requireLocked(id);
        long snapshots = SnapshotEntity.count("dataset.id", id);
        if (snapshots > 0 && !force) {
            throw new PreconditionFailedException("dataset " + id + " has " + snapshots
                    + " snapshot(s); set force to delete them too");
        }
        List<String> blobIds = referencedBlobs(id);
        long removed = DatasetImageEntity.count("dataset.id", id);
        jdbc.work(connection -> {
            try (PreparedStatement members = connection.prepareStatement(
                    "DELETE FROM snapshot_member WHERE snapshot_id IN (SELECT id FROM snapshot WHERE dataset_id = ?)");
                 PreparedStatement snapshotRows = connection.prepareStatement("DELETE FROM snapshot WHERE dataset_id = ?");
                 PreparedStatement dataset = connection.prepareStatement("DELETE FROM dataset WHERE id = ?")) {
                for (PreparedStatement statement : List.of(members, snapshotRows, dataset)) {
                    statement.setObject(1, id);
                    statement.executeUpdate();
                }
            }
            return null;
        });
        getEntityManager().clear();
        blobs.deleteUnreferenced(blobIds);
        return removed;
    }

    /** Every image and mask id the dataset or its snapshots reference. */
    private List<String> referencedBlobs(UUID id) {
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT image_sha256 FROM dataset_image WHERE dataset_id = ?"
                            + " UNION SELECT mask_sha256 FROM dataset_image WHERE dataset_id = ? AND mask_sha256 IS NOT NULL"
                            + " UNION SELECT m.image_sha256 FROM snapshot_member m JOIN snapshot s ON s.id = m.snapshot_id WHERE s.dataset_id = ?"
                            + " UNION SELECT m.mask_sha256 FROM snapshot_member m JOIN snapshot s ON s.id = m.snapshot_id"
                            + " WHERE s.dataset_id = ? AND m.mask_sha256 IS NOT NULL")) {
                for (int i = 1; i <= 4; i++) {
                    statement.setObject(i, id);
                }
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private Map<UUID, Long> imageCounts(List<UUID> ids) {
        Map<UUID, Long> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = getEntityManager().createQuery(
                        "select m.dataset.id, count(m) from DatasetImageEntity m where m.dataset.id in :ids group by m.dataset.id",
                        Object[].class)
                .setParameter("ids", ids).getResultList();
        for (Object[] row : rows) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static DatasetSummary summary(DatasetEntity dataset, long imageCount) {
        return new DatasetSummary(dataset.id, dataset.name, dataset.description, dataset.createdAt, imageCount);
    }

    /** Database timestamps keep microseconds: truncate so that returned and stored times agree. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
