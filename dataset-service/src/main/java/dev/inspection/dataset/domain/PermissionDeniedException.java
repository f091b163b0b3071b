package dev.inspection.dataset.domain;

/** An import path outside the configured import roots. */
public final class PermissionDeniedException extends DomainException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
