package dev.inspection.training.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelManifest;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.training.jobs.TrainingException;
import dev.inspection.training.pipeline.MethodTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path root;
    @TempDir
    Path export;

    private final InMemoryVersionStore store = new InMemoryVersionStore();
    private ModelRegistry registry;
    private final List<MethodTrainer.Artifact> artifacts = List.of(
            new MethodTrainer.Artifact("head", "head.onnx", List.of("patch_embeddings"), List.of("patch_scores")));

    @BeforeEach
    void setUp() throws IOException {
        registry = new ModelRegistry(new VersionFolders(root), store, Clock.systemUTC());
        Files.write(export.resolve("head.onnx"), new byte[] {1, 2, 3});
    }

    private static ModelManifest manifest(String model) {
        return ModelManifest.newBuilder().setModelName(model).setMethod(Method.SIMPLENET).setSnapshotId("snap")
                .setJobId("6f1c1a3e-2f7e-4b7a-9a5e-0c1d2e3f4a5b").build();
    }

    @Test
    void versionsAreNumberedPerModelAndWrittenWithManifestAndChecksums() throws Exception {
        ModelVersion v1 = registry.publish(manifest("bottle"), export, artifacts, false);
        ModelVersion v2 = registry.publish(manifest("bottle"), export, artifacts, true);
        ModelVersion other = registry.publish(manifest("tile"), export, artifacts, false);
        assertEquals(1, v1.getVersion());
        assertEquals(2, v2.getVersion());
        assertEquals(1, other.getVersion());
        assertTrue(v2.getActive());
        assertEquals(List.of(2, 1), registry.versions("bottle").stream().map(ModelVersion::getVersion).toList());

        Path dir = root.resolve("bottle/2");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("head.onnx")));
        ModelManifest.Builder onDisk = ModelManifest.newBuilder();
        JsonFormat.parser().merge(Files.readString(dir.resolve(ModelRegistry.MANIFEST_FILE)), onDisk);
        assertEquals(2, onDisk.getVersion());
        assertEquals("bottle", onDisk.getModelName());
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(new byte[] {1, 2, 3}));
        assertEquals(sha, onDisk.getArtifacts(0).getSha256());
        assertEquals(List.of("patch_embeddings"), onDisk.getArtifacts(0).getInputsList());
        assertEquals(onDisk.build(), registry.get("bottle", 2).getManifest());
        assertEquals(2, registry.get("bottle", 0).getVersion(), "0 = the active version");
    }

    @Test
    void activationMovesTheActiveMark() throws Exception {
        registry.publish(manifest("m"), export, artifacts, true);
        registry.publish(manifest("m"), export, artifacts, false);
        assertEquals(1, registry.get("m", 0).getVersion());
        registry.activate("m", 2);
        assertEquals(2, registry.get("m", 0).getVersion());
        assertFalse(registry.get("m", 1).getActive());
        assertEquals(2, registry.models().get(0).getActiveVersion());
        assertEquals(2, registry.models().get(0).getLatestVersion());
    }

    @Test
    void aWriterThatFailsMidwayLeavesNoVersionAndNoTempFolder() throws Exception {
        List<MethodTrainer.Artifact> missing = List.of(
                new MethodTrainer.Artifact("head", "absent.onnx", List.of("x"), List.of("y")));
        assertThrows(IOException.class, () -> registry.publish(manifest("m"), export, missing, false));
        assertTrue(store.list("m").isEmpty());
        try (Stream<Path> left = Files.list(root)) {
            assertTrue(left.allMatch(p -> isEmptyDir(p)), "nothing left under the model folder");
        }
        assertEquals(1, registry.publish(manifest("m"), export, artifacts, false).getVersion());
    }

    @Test
    void aWriterCrashInsideTheTempFolderLeavesNeitherTempNorVersion() throws Exception {
        VersionFolders folders = new VersionFolders(root);
        IOException crash = assertThrows(IOException.class, () -> folders.publish("m", 1, temp -> {
            Files.write(temp.resolve("head.onnx"), new byte[] {1});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", crash.getMessage());
        assertTrue(isEmptyDir(root.resolve("m")), "temp folder removed, nothing moved into place");
        assertTrue(Files.isRegularFile(folders.publish("m", 1, temp -> Files.write(temp.resolve("a"), new byte[] {2}))
                .resolve("a")));
        assertThrows(IOException.class, () -> folders.publish("m", 1, temp -> { }), "an existing version is never replaced");
    }

    @Test
    void aDatabaseFailureAfterTheMoveRemovesTheFolderAndFreesTheNumber() throws Exception {
        store.failNextInsert = true;
        assertThrows(IllegalStateException.class, () -> registry.publish(manifest("m"), export, artifacts, false));
        assertFalse(Files.exists(root.resolve("m/1")));
        assertEquals(1, registry.publish(manifest("m"), export, artifacts, false).getVersion());
    }

    @Test
    void aCrashBetweenTempWriteAndMoveLeavesNoVersionAndStartupCleansUp() throws Exception {
        registry.publish(manifest("m"), export, artifacts, false);
        // A process that died mid-publish: a complete-looking temp folder, and a moved folder whose
        // row was never committed.
        Path temp = Files.createDirectories(root.resolve("m").resolve(VersionFolders.TEMP_PREFIX + "2-123"));
        Files.writeString(temp.resolve(ModelRegistry.MANIFEST_FILE), "{}", StandardCharsets.UTF_8);
        Path orphan = Files.createDirectories(root.resolve("m/7"));
        Files.write(orphan.resolve("head.onnx"), new byte[] {9});
        Path work = Files.createDirectories(root.resolve(VersionFolders.WORK_DIR).resolve("job-1"));

        assertEquals(List.of(1), registry.versions("m").stream().map(ModelVersion::getVersion).toList(),
                "readers see committed versions only");
        assertEquals(TrainingException.Kind.NOT_FOUND,
                assertThrows(TrainingException.class, () -> registry.get("m", 7)).kind());

        List<Path> removed = registry.removeLeftovers();
        assertEquals(3, removed.size(), removed.toString());
        assertFalse(Files.exists(temp));
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(work));
        assertTrue(Files.exists(root.resolve("m/1/head.onnx")));
        assertEquals(2, registry.publish(manifest("m"), export, artifacts, false).getVersion());
    }

    @Test
    void unknownNamesVersionsAndFilesAreNotFoundAndPathsAreChecked() throws Exception {
        registry.publish(manifest("m"), export, artifacts, false);
        assertEquals(TrainingException.Kind.NOT_FOUND, kind(() -> registry.versions("nope")));
        assertEquals(TrainingException.Kind.NOT_FOUND, kind(() -> registry.get("m", 3)));
        assertEquals(TrainingException.Kind.NOT_FOUND, kind(() -> registry.get("m", 0)), "no active version");
        assertEquals(TrainingException.Kind.NOT_FOUND, kind(() -> registry.artifact("m", 1, "other.onnx")));
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, kind(() -> registry.artifact("m", 1, "../1/head.onnx")));
        assertEquals(TrainingException.Kind.INVALID_ARGUMENT, kind(() -> registry.get("../etc", 1)));
        assertTrue(Files.isRegularFile(registry.artifact("m", 1, "head.onnx")));
        assertTrue(Files.isRegularFile(registry.artifact("m", 1, ModelRegistry.MANIFEST_FILE)));
    }

    @Test
    void storedMetricsReachTheRowAndTheManifestFile() throws Exception {
        registry.publish(manifest("m"), export, artifacts, false);
        registry.storeMetrics("m", 1, Metrics.newBuilder().setImageAuroc(0.75).setSnapshotId("s2").build());
        assertEquals(0.75, registry.get("m", 1).getManifest().getMetrics().getImageAuroc());
        assertTrue(Files.readString(root.resolve("m/1/manifest.json")).contains("0.75"));
    }

    private static TrainingException.Kind kind(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(TrainingException.class, call).kind();
    }

    private static boolean isEmptyDir(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
