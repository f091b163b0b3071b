package dev.inspection.feature.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 / SHA-512 (SRI) / SHA-1 helpers for files and byte arrays. */
final class Digests {

    private Digests() {
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(newDigest("SHA-256").digest(data));
    }

    static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }

    /** The Subresource-Integrity string npm publishes: {@code sha512-<base64 of the digest>}. */
    static String sri512(Path file) throws IOException {
        return sri512(digest(file, "SHA-512"));
    }

    static String sri512(byte[] sha512Digest) {
        return "sha512-" + Base64.getEncoder().encodeToString(sha512Digest);
    }

    static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md = newDigest(algorithm);
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
