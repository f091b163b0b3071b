package dev.inspection.training.jobs;

/**
 * A domain failure with the kind of problem it is; the gRPC layer maps the kind to a status in one
 * place ({@code dev.inspection.training.grpc.GrpcErrors}). Messages name the offending field or id.
 */
public class TrainingException extends RuntimeException {

    /** What went wrong, independent of the transport. */
    public enum Kind {
        INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL
    }

    private final Kind kind;

    public TrainingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TrainingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static TrainingException invalidArgument(String message) {
        return new TrainingException(Kind.INVALID_ARGUMENT, message);
    }

    public static TrainingException notFound(String message) {
        return new TrainingException(Kind.NOT_FOUND, message);
    }

    public static TrainingException failedPrecondition(String message) {
        return new TrainingException(Kind.FAILED_PRECONDITION, message);
    }

    public static TrainingException resourceExhausted(String message) {
        return new TrainingException(Kind.RESOURCE_EXHAUSTED, message);
    }

    public static TrainingException unavailable(String message, Throwable cause) {
        return new TrainingException(Kind.UNAVAILABLE, message, cause);
    }
}
