package dev.inspection.cli;

import dev.inspection.core.image.ImageDecoder;
import dev.inspection.core.image.ImageInfo;
import dev.inspection.core.image.PreprocessingChoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds elongated training images in an MVTec-layout folder (e.g. magnetic tiles), for which the
 * default center crop would cut defects away; the main job then resizes whole images instead, by
 * the same rule BGAD jobs apply ({@link PreprocessingChoice#isElongated}).
 */
final class ElongatedImages {
    private ElongatedImages() {
    }

    /** The first train/good image whose aspect ratio is not about 1, described, or empty. */
    static Optional<String> firstIn(Path folder) {
        Path normals = folder.resolve("train/good");
        if (!Files.isDirectory(normals)) {
            return Optional.empty();
        }
        ImageDecoder decoder = new ImageDecoder();
        List<Path> files;
        try (Stream<Path> listing = Files.list(normals)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + normals, e);
        }
        for (Path file : files) {
            ImageInfo info;
            try {
                info = decoder.inspect(Files.readAllBytes(file), file.getFileName().toString());
            } catch (IOException | RuntimeException notAnImage) {
                continue; // the import reports unreadable files; this is only a hint
            }
            if (PreprocessingChoice.isElongated(info.width(), info.height())) {
                return Optional.of(String.format(Locale.ROOT, "%s is %dx%d", folder.relativize(file), info.width(),
                        info.height()));
            }
        }
        return Optional.empty();
    }
}
