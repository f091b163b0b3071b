package dev.inspection.dataset.grpc;

import dev.inspection.dataset.domain.AlreadyExistsException;
import dev.inspection.dataset.domain.DomainException;
import dev.inspection.dataset.domain.InvalidInputException;
import dev.inspection.dataset.domain.LimitExceededException;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.PermissionDeniedException;
import dev.inspection.dataset.domain.PreconditionFailedException;
import dev.inspection.dataset.domain.StaleRevisionException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/** The one place where failures become gRPC statuses. */
public final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** Maps a failure (or the first domain failure in its cause chain) to a status exception. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException status) {
                return status;
            }
            if (t instanceof DomainException domain) {
                return codeOf(domain).withDescription(domain.getMessage()).asRuntimeException();
            }
            if (t instanceof ConstraintViolationException violation) {
                // two writers raced on a unique key (same dataset name, same membership)
                return Status.ABORTED.withDescription("concurrent modification (" + violation.getConstraintName()
                        + "), retry the call").asRuntimeException();
            }
        }
        LOG.error("unexpected failure in a gRPC call", failure);
        return Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName()).asRuntimeException();
    }

    private static Status codeOf(DomainException failure) {
        if (failure instanceof NotFoundException) {
            return Status.NOT_FOUND;
        }
        if (failure instanceof InvalidInputException) {
            return Status.INVALID_ARGUMENT;
        }
        if (failure instanceof PermissionDeniedException) {
            return Status.PERMISSION_DENIED;
        }
        if (failure instanceof LimitExceededException) {
            return Status.RESOURCE_EXHAUSTED;
        }
        if (failure instanceof AlreadyExistsException) {
            return Status.ALREADY_EXISTS;
        }
        if (failure instanceof StaleRevisionException) {
            return Status.ABORTED;
        }
        if (failure instanceof PreconditionFailedException) {
            return Status.FAILED_PRECONDITION;
        }
        return Status.INTERNAL;
    }

    /** Runs a unary call: one response on success, the mapped status on failure. */
    static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (Throwable failure) {
            observer.onError(toStatus(failure));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
