package dev.inspection.training.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link VersionStore} in a list; {@link #failNextInsert} simulates a database failure. */
public final class InMemoryVersionStore implements VersionStore {

    private final List<VersionRow> rows = new ArrayList<>();
    boolean failNextInsert;

    @Override
    public synchronized int latestVersion(String modelName) {
        return rows.stream().filter(r -> r.modelName().equals(modelName)).mapToInt(VersionRow::version).max().orElse(0);
    }

    @Override
    public synchronized void insert(VersionRow row) {
        if (failNextInsert) {
            failNextInsert = false;
            throw new IllegalStateException("database is down");
        }
        if (find(row.modelName(), row.version()).isPresent()) {
            throw new IllegalStateException("duplicate key " + row.modelName() + "/" + row.version());
        }
        rows.add(row);
    }

    @Override
    public synchronized List<VersionRow> list(String modelName) {
        return rows.stream().filter(r -> r.modelName().equals(modelName))
                .sorted(Comparator.comparingInt(VersionRow::version).reversed()).toList();
    }

    @Override
    public synchronized Optional<VersionRow> find(String modelName, int version) {
        return rows.stream().filter(r -> r.modelName().equals(modelName) && r.version() == version).findFirst();
    }

    @Override
    public synchronized Optional<VersionRow> active(String modelName) {
        return rows.stream().filter(r -> r.modelName().equals(modelName) && r.active()).findFirst();
    }

    @Override
    public synchronized void activate(String modelName, int version) {
        rows.replaceAll(r -> r.modelName().equals(modelName) ? new VersionRow(r.modelName(), r.version(), r.method(),
                r.jobId(), r.snapshotId(), r.manifestJson(), r.version() == version, r.createdAt()) : r);
    }

    @Override
    public synchronized void updateManifest(String modelName, int version, String manifestJson) {
        rows.replaceAll(r -> r.modelName().equals(modelName) && r.version() == version ? new VersionRow(r.modelName(),
                r.version(), r.method(), r.jobId(), r.snapshotId(), manifestJson, r.active(), r.createdAt()) : r);
    }

    @Override
    public synchronized List<String> modelNames() {
        return rows.stream().map(VersionRow::modelName).distinct().sorted().toList();
    }

    @Override
    public synchronized Map<String, Set<Integer>> committedVersions() {
        Map<String, Set<Integer>> out = new TreeMap<>();
        rows.forEach(r -> out.computeIfAbsent(r.modelName(), k -> new TreeSet<>()).add(r.version()));
        return out;
    }
}
