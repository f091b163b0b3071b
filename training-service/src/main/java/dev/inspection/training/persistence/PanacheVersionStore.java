package dev.inspection.training.persistence;

import dev.inspection.training.registry.VersionRow;
import dev.inspection.training.registry.VersionStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** {@link VersionStore} on PostgreSQL. */
@ApplicationScoped
public class PanacheVersionStore implements VersionStore {

    @Override
    @Transactional
    public int latestVersion(String modelName) {
        Integer max = ModelVersionEntity.getEntityManager()
                .createQuery("select max(v.key.version) from ModelVersionEntity v where v.key.modelName = :m", Integer.class)
                .setParameter("m", modelName).getSingleResult();
        return max == null ? 0 : max;
    }

    @Override
    @Transactional
    public void insert(VersionRow row) {
        ModelVersionEntity e = new ModelVersionEntity();
        e.key = new ModelVersionEntity.Key(row.modelName(), row.version());
        e.method = row.method();
        e.jobId = row.jobId() == null || row.jobId().isEmpty() ? null : UUID.fromString(row.jobId());
        e.snapshotId = row.snapshotId();
        e.manifestJson = row.manifestJson();
        e.active = row.active();
        e.createdAt = row.createdAt();
        e.persist();
    }

    @Override
    @Transactional
    public List<VersionRow> list(String modelName) {
        return ModelVersionEntity.<ModelVersionEntity>list("key.modelName", Sort.descending("key.version"), modelName)
                .stream().map(PanacheVersionStore::toRow).toList();
    }

    @Override
    @Transactional
    public Optional<VersionRow> find(String modelName, int version) {
        return ModelVersionEntity.<ModelVersionEntity>findByIdOptional(new ModelVersionEntity.Key(modelName, version))
                .map(PanacheVersionStore::toRow);
    }

    @Override
    @Transactional
    public Optional<VersionRow> active(String modelName) {
        return ModelVersionEntity.<ModelVersionEntity>find("key.modelName = ?1 and active = true", modelName)
                .firstResultOptional().map(PanacheVersionStore::toRow);
    }

    @Override
    @Transactional
    public void activate(String modelName, int version) {
        // Clear first and flush, so the partial unique index never sees two active rows.
        ModelVersionEntity.update("active = false where key.modelName = ?1 and active = true", modelName);
        ModelVersionEntity.getEntityManager().flush();
        ModelVersionEntity.update("active = true where key.modelName = ?1 and key.version = ?2", modelName, version);
    }

    @Override
    @Transactional
    public void updateManifest(String modelName, int version, String manifestJson) {
        ModelVersionEntity.update("manifestJson = ?1 where key.modelName = ?2 and key.version = ?3", manifestJson,
                modelName, version);
    }

    @Override
    @Transactional
    public List<String> modelNames() {
        return ModelVersionEntity.getEntityManager()
                .createQuery("select distinct v.key.modelName from ModelVersionEntity v order by v.key.modelName", String.class)
                .getResultList();
    }

    @Override
    @Transactional
    public Map<String, Set<Integer>> committedVersions() {
        Map<String, Set<Integer>> out = new TreeMap<>();
        for (ModelVersionEntity e : ModelVersionEntity.<ModelVersionEntity>listAll()) {
            out.computeIfAbsent(e.key.modelName, k -> new TreeSet<>()).add(e.key.version);
        }
        return out;
    }

    private static VersionRow toRow(ModelVersionEntity e) {
        return new VersionRow(e.key.modelName, e.key.version, e.method, e.jobId == null ? "" : e.jobId.toString(),
                e.snapshotId, e.manifestJson, e.active, e.createdAt);
    }
}
