package dev.inspection.scoring.client;

import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a call on a channel with a deadline and bounded retries for UNAVAILABLE. Calls never wait for
 * the channel to become ready, so a peer that is down fails fast; before each retry the channel's
 * reconnect backoff is reset, so a peer that has come back is reached at once instead of after
 * grpc-java's exponential backoff (up to two minutes).
 */
final class RetryingCaller {

    private final ManagedChannel channel;
    private final String peer;
    private final long callDeadlineMs;
    private final int retries;
    private final long backoffMs;

    RetryingCaller(ManagedChannel channel, String peer, long callDeadlineMs, int retries, long backoffMs) {
        if (callDeadlineMs <= 0 || retries < 0 || backoffMs < 0) {
            throw new IllegalArgumentException(peer + ": deadline must be > 0, retries and backoff >= 0, got "
                    + callDeadlineMs + " ms, " + retries + ", " + backoffMs + " ms");
        }
        this.channel = channel;
        this.peer = peer;
        this.callDeadlineMs = callDeadlineMs;
        this.retries = retries;
        this.backoffMs = backoffMs;
    }

    ManagedChannel channel() {
        return channel;
    }

    /**
     * @param callerDeadline the deadline of the request being served (may be null); each attempt gets
     *                       the shorter of it and the configured per-call deadline
     * @param call           one attempt, given the attempt's deadline
     * @throws StatusRuntimeException the last failure; UNAVAILABLE names the peer
     */
    <T> T call(Deadline callerDeadline, Function<Deadline, T> call) {
        long pause = backoffMs;
        for (int attempt = 0; ; attempt++) {
            Deadline own = Deadline.after(callDeadlineMs, TimeUnit.MILLISECONDS);
            Deadline deadline = callerDeadline == null ? own : callerDeadline.minimum(own);
            if (deadline.isExpired()) {
                throw Status.DEADLINE_EXCEEDED.withDescription("deadline passed before calling " + peer)
                        .asRuntimeException();
            }
            try {
                return call.apply(deadline);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                channel.resetConnectBackoff();
                boolean timeLeft = deadline.timeRemaining(TimeUnit.MILLISECONDS) > pause;
                if (attempt >= retries || !timeLeft) {
                    throw Status.UNAVAILABLE.withDescription(peer + " is unavailable: " + e.getStatus().getDescription())
                            .withCause(e).asRuntimeException();
                }
            }
            sleep(pause);
            pause *= 2;
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while waiting to retry").asRuntimeException();
        }
    }
}
