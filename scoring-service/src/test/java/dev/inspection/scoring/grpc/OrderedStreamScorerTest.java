package dev.inspection.scoring.grpc;

import dev.inspection.api.model.v1.Method;
import dev.inspection.api.scoring.v1.ScoreRequest;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedStreamScorerTest {

    /** Records what the stream sent. */
    static final class Recorder implements StreamObserver<ScoreResponse> {
        final List<String> ids = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onNext(ScoreResponse value) {
            ids.add(value.getRequestId());
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private static ScoreResult result(double raw) {
        return new ScoreResult("m", 1, Method.SIMPLENET, 0.5, raw, false, 0, 1, new float[1], null, null, null, null, null,
                List.of(), new ScoreResult.StageTimes(0, 0, 0, 0));
    }

    private static ScoreRequest request(String id) {
        return ScoreRequest.newBuilder().setRequestId(id).setModelName("m").build();
    }

    @Test
    void pipelinesUpToTheWindowAndAnswersInRequestOrder() {
        Recorder out = new Recorder();
        List<CompletableFuture<ScoreResult>> started = new ArrayList<>();
        OrderedStreamScorer stream = new OrderedStreamScorer(out, r -> {
            CompletableFuture<ScoreResult> f = new CompletableFuture<>();
            started.add(f);
            return f;
        }, 2);
        for (String id : List.of("a", "b", "c", "d")) {
            stream.onNext(request(id));
        }
        stream.onCompleted();
        assertEquals(2, started.size(), "only the window runs at once");
        started.get(1).complete(result(2));
        assertEquals(List.of(), out.ids, "b waits for a");
        started.get(0).complete(result(1));
        assertEquals(List.of("a", "b"), out.ids);
        assertEquals(4, started.size(), "c and d started as a and b finished");
        started.get(3).complete(result(4));
        started.get(2).complete(result(3));
        assertEquals(List.of("a", "b", "c", "d"), out.ids);
        assertTrue(out.completed);
    }

    @Test
    void theFirstFailureEndsTheStreamNamingTheRequest() {
        Recorder out = new Recorder();
        List<CompletableFuture<ScoreResult>> started = new ArrayList<>();
        OrderedStreamScorer stream = new OrderedStreamScorer(out, r -> {
            CompletableFuture<ScoreResult> f = new CompletableFuture<>();
            started.add(f);
            return f;
        }, 4);
        stream.onNext(request("a"));
        stream.onNext(request("b"));
        started.get(0).completeExceptionally(ScoringException.notFound("model 'm' is not served"));
        Status status = Status.fromThrowable(out.error);
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertTrue(status.getDescription().startsWith("request 'a'"));
        assertTrue(started.get(1).isCancelled());
        stream.onNext(request("c"));
        assertEquals(2, started.size(), "nothing starts after the stream failed");
        assertFalse(out.completed);
    }

    @Test
    void admissionErrorsAndMissingIdsFailTheStream() {
        Recorder out = new Recorder();
        OrderedStreamScorer stream = new OrderedStreamScorer(out, r -> {
            throw ScoringException.resourceExhausted("scoring queue is full");
        }, 2);
        stream.onNext(request("a"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(out.error).getCode());

        Recorder noId = new Recorder();
        new OrderedStreamScorer(noId, r -> CompletableFuture.completedFuture(result(0)), 2).onNext(request(""));
        Status status = Status.fromThrowable(noId.error);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertTrue(status.getDescription().contains("request_id"));
    }
}
