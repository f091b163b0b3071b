package dev.inspection.feature.provisioning;

/** The converted backbone's outputs disagree with the reference values; the file is not installed. */
public final class BackboneVerificationException extends ProvisioningException {

    private final String level;
    private final double maxAbsDiff;

    public BackboneVerificationException(String check, String level, double maxAbsDiff, double tolerance) {
        super(String.format(java.util.Locale.ROOT,
                "backbone verification failed (%s): output %s differs by max abs %.3g > tolerance %.1g",
                check, level, maxAbsDiff, tolerance));
        this.level = level;
        this.maxAbsDiff = maxAbsDiff;
    }

    public String level() {
        return level;
    }

    public double maxAbsDiff() {
        return maxAbsDiff;
    }
}
