package dev.inspection.dataset.domain;

/**
 * Base of the failures the domain reports to callers. Each subclass stands for one outcome
 * (not found, invalid input, ...) that the transport layers map to a status code in one place;
 * the message names the offending field or file and is safe to show to the client.
 */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
