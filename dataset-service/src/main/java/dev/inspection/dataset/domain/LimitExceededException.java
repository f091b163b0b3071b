package dev.inspection.dataset.domain;

/** An upload, image or import over a configured size, pixel or count limit. */
public final class LimitExceededException extends DomainException {
    public LimitExceededException(String message) {
        super(message);
    }
}
