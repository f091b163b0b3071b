package dev.inspection.dataset.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as lowercase hex: the id of every stored image and mask. */
public final class Sha256 {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** @throws InvalidInputException naming {@code field} unless {@code id} is 64 lowercase hex digits */
    public static String requireId(String id, String field) {
        if (id == null || !HEX.matcher(id).matches()) {
            throw new InvalidInputException(field + " must be a SHA-256 as 64 lowercase hex digits, got '"
                    + LabelRules.abbreviate(id) + "'");
        }
        return id;
    }
}
