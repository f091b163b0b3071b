package dev.inspection.feature.provisioning;

import dev.inspection.core.digest.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The npm registry's digests: SHA-512 as Subresource Integrity and SHA-1, for files and byte arrays. */
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

    /** The Subresource-Integrity string npm publishes: {@code sha512-<base64 of the digest>}. */
    static String sri512(Path file) throws IOException {
        return sri512(digest(file, "SHA-512"));
    }

    static String sri512(byte[] sha512Digest) {
        return "sha512-" + Base64.getEncoder().encodeToString(sha512Digest);
    }

    static byte[] digest(Path file, String algorithm) throws IOException {
        return Sha256.digest(file, newDigest(algorithm));
    }
}
