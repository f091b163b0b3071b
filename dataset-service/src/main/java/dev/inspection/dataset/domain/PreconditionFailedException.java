package dev.inspection.dataset.domain;

/** The current state forbids the operation (e.g. deleting a dataset that has snapshots). */
public final class PreconditionFailedException extends DomainException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
