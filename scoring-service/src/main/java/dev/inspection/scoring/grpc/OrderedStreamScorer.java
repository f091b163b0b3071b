package dev.inspection.scoring.grpc;

import dev.inspection.api.scoring.v1.ScoreRequest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One ScoreStream call: up to {@code window} requests are scored at the same time (pipelined), the
 * rest wait in a bounded queue, and responses go out strictly in request order. The first failure
 * ends the stream with its status, naming the request id.
 */
final class OrderedStreamScorer implements StreamObserver<ScoreRequest> {

    private record Started(String requestId, CompletableFuture<ScoreResult> result) {
    }

    private final StreamObserver<ScoreResponse> responses;
    private final Function<ScoreRequest, CompletableFuture<ScoreResult>> scorer;
    private final int window;
    private final int maxWaiting;
    /** Started requests in arrival order; all of them arrived before every waiting one. */
    private final ArrayDeque<Started> started = new ArrayDeque<>();
    private final ArrayDeque<ScoreRequest> waiting = new ArrayDeque<>();
    private boolean inboundDone;
    private boolean finished;

    OrderedStreamScorer(StreamObserver<ScoreResponse> responses,
                        Function<ScoreRequest, CompletableFuture<ScoreResult>> scorer, int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("inspection.scoring.stream-window must be > 0, got " + window);
        }
        this.responses = responses;
        this.scorer = scorer;
        this.window = window;
        this.maxWaiting = 16 * window;
        if (responses instanceof ServerCallStreamObserver<ScoreResponse> call) {
            call.setOnCancelHandler(this::cancelled);
        }
    }

    @Override
    public synchronized void onNext(ScoreRequest request) {
        if (finished) {
            return;
        }
        if (request.getRequestId().isEmpty()) {
            fail(Status.INVALID_ARGUMENT.withDescription("request_id is missing (required in streams; message "
                    + (started.size() + waiting.size() + 1) + " pending)").asRuntimeException());
            return;
        }
        if (waiting.size() >= maxWaiting) {
            fail(GrpcErrors.forRequest(request.getRequestId(), ScoringException.resourceExhausted(
                    "stream has " + waiting.size() + " requests waiting behind " + started.size()
                            + " in progress; send slower or open another stream")));
            return;
        }
        waiting.add(request);
        pump();
    }

    @Override
    public synchronized void onError(Throwable t) {
        cancelled();
    }

    @Override
    public synchronized void onCompleted() {
        inboundDone = true;
        drain();
    }

    /** Starts waiting requests while the window has room. */
    private void pump() {
        while (!finished && started.size() < window && !waiting.isEmpty()) {
            ScoreRequest request = waiting.poll();
            CompletableFuture<ScoreResult> result;
            try {
                result = scorer.apply(request);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            started.add(new Started(request.getRequestId(), result));
            result.whenComplete((r, e) -> completed());
        }
    }

    private synchronized void completed() {
        drain();
        pump();
        drain();
    }

    /** Sends every finished response at the head of the line, in order. */
    private void drain() {
        while (!finished && !started.isEmpty() && started.peek().result().isDone()) {
            Started head = started.poll();
            try {
                responses.onNext(ScoreMapping.response(head.requestId(), head.result().join()));
            } catch (RuntimeException e) {
                fail(GrpcErrors.forRequest(head.requestId(), e));
                return;
            }
        }
        if (!finished && inboundDone && started.isEmpty() && waiting.isEmpty()) {
            finished = true;
            responses.onCompleted();
        }
    }

    private void fail(RuntimeException status) {
        finished = true;
        dropPending();
        responses.onError(status);
    }

    private synchronized void cancelled() {
        finished = true;
        dropPending();
    }

    private void dropPending() {
        waiting.clear();
        for (Started s : started) {
            s.result().cancel(false);
        }
        started.clear();
    }
}
