package dev.inspection.dataset.domain;

/** An unknown dataset, image or snapshot, or an import folder that does not exist. */
public final class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super(message);
    }
}
