package dev.inspection.dataset.domain;

import java.util.regex.Pattern;

/** The id of every stored image and mask: its SHA-256 as lowercase hex (computed by the shared library), and the id check. */
public final class Sha256 {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return dev.inspection.core.digest.Sha256.hex(bytes);
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
