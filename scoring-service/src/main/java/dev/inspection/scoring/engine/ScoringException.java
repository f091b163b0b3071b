package dev.inspection.scoring.engine;

import io.grpc.Status;

/**
 * A scoring failure with the gRPC status code the API documents for it (NOT_FOUND for an unknown
 * model, FAILED_PRECONDITION for a version that cannot serve, ...). The message names the problem.
 */
public class ScoringException extends RuntimeException {

    private final Status.Code code;

    public ScoringException(Status.Code code, String message) {
        super(message);
        this.code = code;
    }

    public ScoringException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    public static ScoringException notFound(String message) {
        return new ScoringException(Status.Code.NOT_FOUND, message);
    }

    public static ScoringException failedPrecondition(String message) {
        return new ScoringException(Status.Code.FAILED_PRECONDITION, message);
    }

    public static ScoringException invalidArgument(String message) {
        return new ScoringException(Status.Code.INVALID_ARGUMENT, message);
    }

    public static ScoringException resourceExhausted(String message) {
        return new ScoringException(Status.Code.RESOURCE_EXHAUSTED, message);
    }
}
