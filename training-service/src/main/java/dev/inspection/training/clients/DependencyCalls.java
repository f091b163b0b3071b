package dev.inspection.training.clients;

import dev.inspection.training.jobs.TrainingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a failed call to the dataset or feature service into a domain failure that names the service. */
final class DependencyCalls {
    private DependencyCalls() {
    }

    static TrainingException translate(String service, String target, StatusRuntimeException e) {
        Status status = e.getStatus();
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> TrainingException.unavailable(
                    service + " at " + target + " is unavailable (" + status.getCode() + "): " + detail, e);
            case NOT_FOUND -> TrainingException.notFound(service + ": " + detail);
            case INVALID_ARGUMENT, FAILED_PRECONDITION, RESOURCE_EXHAUSTED -> new TrainingException(
                    TrainingException.Kind.FAILED_PRECONDITION, service + " refused the request ("
                    + status.getCode() + "): " + detail, e);
            default -> new TrainingException(TrainingException.Kind.INTERNAL,
                    service + " failed (" + status.getCode() + "): " + detail, e);
        };
    }
}
