package dev.inspection.dataset.rest;

import dev.inspection.dataset.domain.AlreadyExistsException;
import dev.inspection.dataset.domain.DomainException;
import dev.inspection.dataset.domain.InvalidInputException;
import dev.inspection.dataset.domain.LimitExceededException;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.PermissionDeniedException;
import dev.inspection.dataset.domain.PreconditionFailedException;
import dev.inspection.dataset.domain.StaleRevisionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Domain failures as JSON errors with the matching HTTP status. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {
    /** The JSON body of an error response. */
    public record ErrorBody(int status, String error, String message) {
    }

    @Override
    public Response toResponse(DomainException failure) {
        Response.Status status = statusOf(failure);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), failure.getMessage()))
                .build();
    }

    private static Response.Status statusOf(DomainException failure) {
        if (failure instanceof NotFoundException) {
            return Response.Status.NOT_FOUND;
        }
        if (failure instanceof InvalidInputException) {
            return Response.Status.BAD_REQUEST;
        }
        if (failure instanceof PermissionDeniedException) {
            return Response.Status.FORBIDDEN;
        }
        if (failure instanceof LimitExceededException) {
            return Response.Status.REQUEST_ENTITY_TOO_LARGE;
        }
        if (failure instanceof AlreadyExistsException || failure instanceof StaleRevisionException
                || failure instanceof PreconditionFailedException) {
            return Response.Status.CONFLICT;
        }
        return Response.Status.INTERNAL_SERVER_ERROR;
    }
}
