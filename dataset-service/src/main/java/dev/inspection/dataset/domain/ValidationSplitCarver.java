package dev.inspection.dataset.domain;

/**
 * Decides which train/good images move to VALIDATION. The decision depends only on the image's
 * SHA-256, so the same folder always yields the same split, whatever the file order.
 */
public final class ValidationSplitCarver {
    private static final double TWO_POW_52 = 0x1p52;

    private final double fraction;

    /** @throws InvalidInputException when the fraction is not in [0, 1) */
    public ValidationSplitCarver(double fraction) {
        if (!(fraction >= 0.0 && fraction < 1.0)) {
            throw new InvalidInputException("validation_fraction must be in [0, 1), got " + fraction);
        }
        this.fraction = fraction;
    }

    /** True when the image with this hex SHA-256 belongs in VALIDATION. */
    public boolean isValidation(String sha256Hex) {
        if (fraction == 0.0) {
            return false;
        }
        // The first 52 bits of a SHA-256 are uniform: map them onto [0, 1) exactly as a double.
        long bits = Long.parseLong(sha256Hex, 0, 13, 16);
        return bits / TWO_POW_52 < fraction;
    }

    /** The split of a train/good image. */
    public ImageSplit splitOfTrainImage(String sha256Hex) {
        return isValidation(sha256Hex) ? ImageSplit.VALIDATION : ImageSplit.TRAIN;
    }
}
