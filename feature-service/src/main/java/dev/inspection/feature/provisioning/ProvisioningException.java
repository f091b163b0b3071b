package dev.inspection.feature.provisioning;

/**
 * A backbone could not be provisioned (registry unreachable, bad package, failed verification).
 * The message is one self-contained line fit for a command-line user.
 */
public class ProvisioningException extends RuntimeException {

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
