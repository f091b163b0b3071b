package dev.inspection.dataset.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Confines imports to configured root folders. A requested path is resolved with all symlinks and
 * ".." segments (toRealPath) and must then lie inside the real path of one of the roots. Roots that
 * do not exist are skipped, so a root may be created after startup. Whether a path outside the
 * roots exists is never revealed: that is PERMISSION_DENIED either way.
 */
public final class ImportPathGuard {
    private final List<Path> roots;

    /** @param roots absolute (or working-directory relative) root folders, in priority order */
    public ImportPathGuard(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The configured roots, absolute and normalised (some may not exist). */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Resolves {@code requested} (absolute, or relative to the first existing root) to the real path
     * of an existing folder inside a root.
     */
    public Path resolveFolder(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new InvalidInputException("path is empty");
        }
        List<Path> realRoots = existingRealRoots();
        if (realRoots.isEmpty()) {
            throw new PermissionDeniedException("path '" + requested + "' is not importable: no configured import root exists");
        }
        Path candidate;
        try {
            Path given = Path.of(requested);
            candidate = (given.isAbsolute() ? given : realRoots.get(0).resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInputException("path '" + LabelRules.abbreviate(requested) + "' is not a valid path: " + e.getReason());
        }
        if (!Files.exists(candidate)) {
            if (lexicallyInside(candidate, realRoots)) {
                throw new NotFoundException("import folder '" + requested + "' does not exist");
            }
            throw outside(requested);
        }
        Path real = realPath(candidate, requested);
        if (!inside(real, realRoots)) {
            throw outside(requested);
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidInputException("path '" + requested + "' is not a folder");
        }
        return real;
    }

    /** @throws PermissionDeniedException when the real path of {@code file} leaves the roots (a symlink) */
    public void requireInside(Path file, String displayName) {
        Path real = realPath(file, displayName);
        if (!inside(real, existingRealRoots())) {
            throw new PermissionDeniedException("file '" + displayName + "' resolves outside the configured import roots");
        }
    }

    private List<Path> existingRealRoots() {
        List<Path> real = new ArrayList<>(roots.size());
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    real.add(root.toRealPath());
                }
            } catch (IOException e) {
                // an unreadable root is as good as absent
            }
        }
        return real;
    }

    private boolean lexicallyInside(Path candidate, List<Path> realRoots) {
        return inside(candidate, realRoots) || inside(candidate, roots);
    }

    private static boolean inside(Path path, List<Path> candidates) {
        for (Path root : candidates) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static Path realPath(Path path, String displayName) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new NotFoundException("'" + displayName + "' cannot be resolved: " + e.getMessage());
        }
    }

    private static PermissionDeniedException outside(String requested) {
        return new PermissionDeniedException("path '" + LabelRules.abbreviate(requested)
                + "' is outside the configured import roots");
    }
}
