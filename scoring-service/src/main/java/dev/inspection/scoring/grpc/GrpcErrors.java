package dev.inspection.scoring.grpc;

import dev.inspection.core.image.ImageTooLargeException;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place that maps the scoring service's failures to gRPC statuses. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (e instanceof ScoringException se) {
            return Status.fromCode(se.code()).withDescription(se.getMessage()).asRuntimeException();
        }
        if (e instanceof ImageTooLargeException) {
            return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof InvalidImageException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.error("scoring failed", e);
        return Status.INTERNAL.withDescription("scoring failed: " + e).asRuntimeException();
    }

    /** The same status with the request id in front of its description (streams answer many requests). */
    static StatusRuntimeException forRequest(String requestId, Throwable error) {
        Status status = toStatus(error).getStatus();
        return status.withDescription("request '" + requestId + "': " + status.getDescription()).asRuntimeException();
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
