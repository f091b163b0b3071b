package dev.inspection.dataset.domain;

/** A label edit whose expected revision is no longer the current one. */
public final class StaleRevisionException extends DomainException {
    public StaleRevisionException(String message) {
        super(message);
    }
}
