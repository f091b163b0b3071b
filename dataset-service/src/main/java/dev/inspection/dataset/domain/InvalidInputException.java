package dev.inspection.dataset.domain;

/** Malformed request field, corrupt or unsupported image, mask of the wrong size. */
public final class InvalidInputException extends DomainException {
    public InvalidInputException(String message) {
        super(message);
    }
}
