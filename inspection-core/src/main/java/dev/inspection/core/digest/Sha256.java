package dev.inspection.core.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as 64 lowercase hex digits: how every service names images, masks, backbones, model
 * artifacts and cache entries, so one digest of the same bytes reads the same everywhere.
 */
public final class Sha256 {
    private static final int BUFFER_BYTES = 1 << 16;

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** The digest of {@code bytes} (not {@code bytes} formatted as hex). */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Streams the file, so a model of hundreds of megabytes is never held in memory. */
    public static String hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, newDigest()));
    }

    /** Streams {@code file} through {@code digest} (any algorithm) and returns the completed digest. */
    public static byte[] digest(Path file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /** Completes {@code digest} (it is reset) and formats the result. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
