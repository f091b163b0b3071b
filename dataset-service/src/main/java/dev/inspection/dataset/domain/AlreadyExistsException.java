package dev.inspection.dataset.domain;

/** A unique name that is already in use. */
public final class AlreadyExistsException extends DomainException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
