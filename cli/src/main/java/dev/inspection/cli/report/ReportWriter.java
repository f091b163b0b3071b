package dev.inspection.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the inspection report of a main-job run: {@code report.html} (one self-contained page) and
 * {@code report.json} (the figures, see {@link ReportJson} for the fields). Nothing else is written;
 * each file is written to a temporary name first and moved into place, so readers never see half a
 * report. Thread-safe.
 */
public final class ReportWriter {

    public static final String HTML_FILE = "report.html";
    public static final String JSON_FILE = "report.json";
    /** Gallery cards shown by default; the JSON always lists every image. */
    public static final int DEFAULT_GALLERY_LIMIT = 60;
    /** Longest side of the gallery thumbnails by default (px). */
    public static final int DEFAULT_THUMBNAIL_SIZE = 192;

    private final int galleryLimit;
    private final Thumbnails thumbnails;

    public ReportWriter() {
        this(DEFAULT_GALLERY_LIMIT, DEFAULT_THUMBNAIL_SIZE);
    }

    /**
     * @param galleryLimit  most gallery cards on the page (>= 1)
     * @param thumbnailSize longest side of a gallery thumbnail in px (>= 16)
     */
    public ReportWriter(int galleryLimit, int thumbnailSize) {
        if (galleryLimit < 1) {
            throw new IllegalArgumentException("gallery limit must be >= 1, got " + galleryLimit);
        }
        this.galleryLimit = galleryLimit;
        this.thumbnails = new Thumbnails(thumbnailSize);
    }

    /** Where a written report lies. */
    public record ReportFiles(Path html, Path json) {
    }

    /**
     * Writes the report into {@code dir} (created if missing), replacing an earlier report there.
     *
     * @throws IllegalArgumentException if an image or the manifest cannot be read
     * @throws UncheckedIOException     if the files cannot be written
     */
    public ReportFiles write(ReportInput input, Path dir) {
        if (input == null || dir == null) {
            throw new IllegalArgumentException("report input and directory are required");
        }
        ReportFacts facts = ReportFacts.of(input, galleryLimit);
        byte[] json = ReportJson.write(input, facts);
        byte[] html = ReportHtml.render(input, facts, thumbnails).getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(dir);
            Path jsonFile = dir.resolve(JSON_FILE);
            Path htmlFile = dir.resolve(HTML_FILE);
            replace(jsonFile, json);
            replace(htmlFile, html);
            return new ReportFiles(htmlFile, jsonFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
