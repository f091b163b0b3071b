package dev.inspection.feature.grpc;

import dev.inspection.core.image.ImageTooLargeException;
import dev.inspection.core.image.InvalidImageException;
import dev.inspection.feature.batching.QueueFullException;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place that maps the feature service's domain failures to gRPC statuses. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (e instanceof ImageTooLargeException || e instanceof QueueFullException) {
            return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof InvalidImageException || e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof CancellationException) {
            Context ctx = Context.current();
            if (ctx.getDeadline() != null && ctx.getDeadline().isExpired()) {
                return Status.DEADLINE_EXCEEDED.withDescription("deadline passed before the backbone ran").asRuntimeException();
            }
            return Status.CANCELLED.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.log(Level.SEVERE, "feature extraction failed", e);
        return Status.INTERNAL.withDescription("feature extraction failed: " + e).asRuntimeException();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
