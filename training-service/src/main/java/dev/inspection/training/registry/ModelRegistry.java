package dev.inspection.training.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelArtifact;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ModelSummary;
import dev.inspection.core.digest.Sha256;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.pipeline.MethodTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model registry: numbered versions per model name, each a folder with the ONNX files and
 * {@code manifest.json}. Publishing writes the folder atomically, then commits the database row; a
 * reader only sees versions with a row, so never a partial one.
 */
public final class ModelRegistry {

    public static final String MANIFEST_FILE = "manifest.json";
    private static final JsonFormat.Printer JSON = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final VersionFolders folders;
    private final VersionStore store;
    private final Clock clock;
    private final Object publishLock = new Object();

    public ModelRegistry(VersionFolders folders, VersionStore store, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.clock = clock;
    }

    /** Start-up cleanup of interrupted publishes; returns the folders removed. */
    public List<Path> removeLeftovers() throws IOException {
        return folders.removeLeftovers(store.committedVersions());
    }

    /**
     * Publishes the next version of the manifest's model: copies the artifacts from
     * {@code exportFolder}, records their SHA-256, writes the manifest, moves the folder into place and
     * commits the row.
     *
     * @param manifest  everything but version and artifacts
     * @param activate  make it the active version
     */
    public ModelVersion publish(ModelManifest manifest, Path exportFolder, List<MethodTrainer.Artifact> artifacts,
                                boolean activate) throws IOException {
        String model = VersionFolders.checkModelName(manifest.getModelName());
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a version needs at least one artifact");
        }
        synchronized (publishLock) {
            int version = store.latestVersion(model) + 1;
            ModelManifest.Builder complete = manifest.toBuilder().setVersion(version).clearArtifacts();
            for (MethodTrainer.Artifact artifact : artifacts) {
                Path source = exportFolder.resolve(VersionFolders.checkFileName(artifact.file()));
                complete.addArtifacts(ModelArtifact.newBuilder().setRole(artifact.role()).setFile(artifact.file())
                        .setSha256(Sha256.hex(source)).addAllInputs(artifact.inputs()).addAllOutputs(artifact.outputs()));
            }
            ModelManifest finalManifest = complete.build();
            String json = JSON.print(finalManifest);
            Path published = folders.publish(model, version, temp -> {
                for (MethodTrainer.Artifact artifact : artifacts) {
                    Files.copy(exportFolder.resolve(artifact.file()), temp.resolve(artifact.file()));
                }
                Files.writeString(temp.resolve(MANIFEST_FILE), json, StandardCharsets.UTF_8);
            });
            try {
                store.insert(new VersionRow(model, version, finalManifest.getMethod().name(), finalManifest.getJobId(),
                        finalManifest.getSnapshotId(), json, false, clock.instant()));
                if (activate) {
                    store.activate(model, version);
                }
            } catch (RuntimeException e) {
                // Never leave a folder without its row: the next publish reuses the number.
                VersionFolders.deleteQuietly(published);
                throw e;
            }
            return toVersion(store.find(model, version).orElseThrow());
        }
    }

    public List<ModelSummary> models() {
        List<ModelSummary> models = new ArrayList<>();
        for (String name : store.modelNames()) {
            List<VersionRow> versions = store.list(name);
            if (versions.isEmpty()) {
                continue;
            }
            int active = versions.stream().filter(VersionRow::active).mapToInt(VersionRow::version).findFirst().orElse(0);
            models.add(ModelSummary.newBuilder().setModelName(name)
                    .setMethod(dev.inspection.api.model.v1.Method.valueOf(versions.get(0).method()))
                    .setLatestVersion(versions.get(0).version()).setActiveVersion(active).build());
        }
        return models;
    }

    /** @throws TrainingException NOT_FOUND for an unknown model */
    public List<ModelVersion> versions(String modelName) {
        List<VersionRow> rows = store.list(VersionFolders.checkModelName(modelName));
        if (rows.isEmpty()) {
            throw TrainingException.notFound("model '" + modelName + "' not found");
        }
        return rows.stream().map(ModelRegistry::toVersion).toList();
    }

    /**
     * @param version 0 = the active version
     * @throws TrainingException NOT_FOUND for an unknown model or version, or no active version
     */
    public ModelVersion get(String modelName, int version) {
        return toVersion(row(modelName, version));
    }

    /** @throws TrainingException NOT_FOUND for an unknown model or version */
    public ModelVersion activate(String modelName, int version) {
        if (version <= 0) {
            throw TrainingException.invalidArgument("version must be >= 1, got " + version);
        }
        row(modelName, version);
        store.activate(modelName, version);
        return get(modelName, version);
    }

    /**
     * Path of one artifact of a committed version (only files the manifest lists, or the manifest).
     *
     * @throws TrainingException NOT_FOUND for an unknown model, version or file
     */
    public Path artifact(String modelName, int version, String file) {
        VersionFolders.checkFileName(file);
        ModelVersion found = get(modelName, version);
        boolean listed = MANIFEST_FILE.equals(file)
                || found.getManifest().getArtifactsList().stream().anyMatch(a -> a.getFile().equals(file));
        Path path = folders.versionDir(modelName, found.getVersion()).resolve(file);
        if (!listed || !Files.isRegularFile(path)) {
            throw TrainingException.notFound("version " + found.getVersion() + " of model '" + modelName
                    + "' has no file '" + file + "'");
        }
        return path;
    }

    /** Stores new metrics in the version's manifest (database row and manifest.json). */
    public ModelVersion storeMetrics(String modelName, int version, Metrics metrics) throws IOException {
        synchronized (publishLock) {
            ModelVersion found = get(modelName, version);
            ModelManifest updated = found.getManifest().toBuilder().setMetrics(metrics).build();
            String json = JSON.print(updated);
            folders.replaceFile(modelName, found.getVersion(), MANIFEST_FILE, json.getBytes(StandardCharsets.UTF_8));
            store.updateManifest(modelName, found.getVersion(), json);
            return get(modelName, found.getVersion());
        }
    }

    private VersionRow row(String modelName, int version) {
        VersionFolders.checkModelName(modelName);
        if (version < 0) {
            throw TrainingException.invalidArgument("version must be >= 0, got " + version);
        }
        Optional<VersionRow> row = version == 0 ? store.active(modelName) : store.find(modelName, version);
        return row.orElseThrow(() -> TrainingException.notFound(version == 0
                ? "model '" + modelName + "' has no active version"
                : "version " + version + " of model '" + modelName + "' not found"));
    }

    static ModelVersion toVersion(VersionRow row) {
        ModelManifest.Builder manifest = ModelManifest.newBuilder();
        try {
            PARSER.merge(row.manifestJson(), manifest);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored manifest of " + row.modelName() + " v" + row.version()
                    + " is not valid JSON: " + e.getMessage(), e);
        }
        return ModelVersion.newBuilder().setModelName(row.modelName()).setVersion(row.version())
                .setManifest(manifest).setActive(row.active()).build();
    }
}
