package dev.inspection.dataset.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPathGuardTest {
    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private ImportPathGuard guard;

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("bottle/train/good"));
        outside = Files.createDirectories(temp.resolve("outside/secret")).toRealPath();
        guard = new ImportPathGuard(List.of(temp.resolve("missing-root"), root));
    }

    @Test
    void resolvesAbsoluteAndRelativePathsInsideARoot() {
        assertEquals(root.resolve("bottle"), guard.resolveFolder(root.resolve("bottle").toString()));
        // relative paths start at the first root that exists
        assertEquals(root.resolve("bottle"), guard.resolveFolder("bottle"));
        assertEquals(root.resolve("bottle"), guard.resolveFolder("bottle/train/../."));
    }

    @Test
    void deniesPathsOutsideTheRootsWhetherOrNotTheyExist() {
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder(outside.toString()));
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder(temp.resolve("outside/nothing").toString()));
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder("/etc"));
    }

    @Test
    void deniesDotDotTraversal() {
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder("../outside/secret"));
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder(root + "/bottle/../../outside/secret"));
    }

    @Test
    void deniesSymlinksThatLeaveTheRoots() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertThrows(PermissionDeniedException.class, () -> guard.resolveFolder("escape"));
        Path file = Files.writeString(outside.resolve("f.png"), "x");
        Path link = Files.createSymbolicLink(root.resolve("bottle/train/good/f.png"), file);
        assertThrows(PermissionDeniedException.class, () -> guard.requireInside(link, "train/good/f.png"));
    }

    @Test
    void reportsMissingFoldersInsideARootAsNotFound() {
        assertThrows(NotFoundException.class, () -> guard.resolveFolder("no-such-category"));
        assertThrows(InvalidInputException.class, () -> guard.resolveFolder(" "));
    }

    @Test
    void deniesEverythingWithoutAnExistingRoot() {
        ImportPathGuard none = new ImportPathGuard(List.of(temp.resolve("absent")));
        assertThrows(PermissionDeniedException.class, () -> none.resolveFolder(root.toString()));
    }
}
