package dev.inspection.training.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Committed versions (database). A row is only inserted after its folder is in place. */
public interface VersionStore {

    /** Highest committed version of the model, 0 when none. */
    int latestVersion(String modelName);

    void insert(VersionRow row);

    /** Newest first. */
    List<VersionRow> list(String modelName);

    Optional<VersionRow> find(String modelName, int version);

    Optional<VersionRow> active(String modelName);

    /** Makes {@code version} the model's only active version. */
    void activate(String modelName, int version);

    void updateManifest(String modelName, int version, String manifestJson);

    /** Names of all models, sorted. */
    List<String> modelNames();

    /** Committed version numbers per model. */
    Map<String, Set<Integer>> committedVersions();
}
