package dev.inspection.training.clients;

import dev.inspection.training.jobs.TrainingException;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Turns a failed call to the dataset or feature service into a domain failure that names the service. */
final class DependencyCalls {
    private DependencyCalls() {
    }

    /**
     * Gives a channel that is reconnecting a short, bounded chance to become ready before a call, so a
     * service that just came back is not reported down because of the channel's reconnect backoff. A
     * channel still not ready after {@code timeout} is left to fail the call fast with UNAVAILABLE.
     */
    static void awaitReady(ManagedChannel channel, Duration timeout) {
        ConnectivityState state = channel.getState(true);
        if (state == ConnectivityState.READY || state == ConnectivityState.SHUTDOWN) {
            return;
        }
        if (state == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != ConnectivityState.READY && state != ConnectivityState.SHUTDOWN) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            try {
                changed.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            state = channel.getState(false);
        }
    }

    /**
     * @param channel its reconnect backoff is reset on UNAVAILABLE, so the next job reaches a service that
     *                came back at once instead of failing fast until the backoff ends
     */
    static TrainingException translate(String service, String target, ManagedChannel channel,
                                       StatusRuntimeException e) {
        Status status = e.getStatus();
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            channel.resetConnectBackoff();
        }
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
