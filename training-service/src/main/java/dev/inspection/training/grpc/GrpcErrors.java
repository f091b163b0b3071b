package dev.inspection.training.grpc;

import dev.inspection.training.jobs.TrainingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/** The one place that maps domain failures to gRPC statuses. */
public final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusRuntimeException toStatus(Throwable e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof TrainingException t) {
            Status status = switch (t.kind()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case INTERNAL -> Status.INTERNAL;
            };
            return status.withDescription(t.getMessage()).asRuntimeException();
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
        LOG.error("unexpected failure in a gRPC call", e);
        return Status.INTERNAL.withDescription(e.getClass().getSimpleName() + ": " + e.getMessage()).withCause(e)
                .asRuntimeException();
    }

    public static TrainingException invalid(String message) {
        return TrainingException.invalidArgument(message);
    }
}
