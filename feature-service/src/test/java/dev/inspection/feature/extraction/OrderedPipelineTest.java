package dev.inspection.feature.extraction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The order of the stages, the results and the handling of failures, with stand-in stages. */
class OrderedPipelineTest {

    /** Records every stage call; the backbone is simulated by futures the test completes. */
    private static final class RecordingStages implements OrderedPipeline.Stages<Integer, String> {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, CompletableFuture<Void>> entered = new ConcurrentHashMap<>();
        int failSubmitAt = -1;
        int failFinishAt = -1;
        RuntimeException failure = new IllegalArgumentException("images[x] is broken");

        CompletableFuture<Void> enteredFuture(int index) {
            return entered.computeIfAbsent(index, i -> CompletableFuture.completedFuture(null));
        }

        @Override
        public Integer submit(int index) {
            calls.add("submit " + index);
            if (index == failSubmitAt) {
                throw failure;
            }
            return index;
        }

        @Override
        public CompletableFuture<?> entered(Integer queued) {
            return enteredFuture(queued);
        }

        @Override
        public String finish(int index, Integer queued) {
            calls.add("finish " + index);
            if (index == failFinishAt) {
                throw failure;
            }
            return "result " + queued;
        }

        @Override
        public void cancel(Integer queued) {
            calls.add("cancel " + queued);
        }
    }

    @Test
    void eachImageIsQueuedWhileItsPredecessorIsInTheBackboneAndResultsKeepTheirOrder() throws Exception {
        RecordingStages stages = new RecordingStages();
        List<String> results = OrderedPipeline.run(4, stages);
        assertEquals(List.of("result 0", "result 1", "result 2", "result 3"), results);
        assertEquals(List.of("submit 0", "submit 1", "finish 0", "submit 2", "finish 1", "submit 3", "finish 2", "finish 3"),
                stages.calls);
    }

    @Test
    void oneImageIsSubmittedAndFinished() throws Exception {
        RecordingStages stages = new RecordingStages();
        assertEquals(List.of("result 0"), OrderedPipeline.run(1, stages));
        assertEquals(List.of("submit 0", "finish 0"), stages.calls);
    }

    @Test
    void noImagesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> OrderedPipeline.run(0, new RecordingStages()));
    }

    @Test
    void theNextImageWaitsUntilThePreviousOneEnteredTheBackbone() throws Exception {
        RecordingStages stages = new RecordingStages();
        CompletableFuture<Void> firstEntered = new CompletableFuture<>();
        stages.entered.put(0, firstEntered);
        FutureTask<List<String>> run = new FutureTask<>(() -> OrderedPipeline.run(2, stages));
        Thread runner = new Thread(run, "pipeline-test");
        runner.start();
        // The only place the pipeline blocks after submitting image 0 is the wait for it to enter.
        while (runner.getState() != Thread.State.WAITING && !run.isDone()) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("submit 0"), stages.calls);
        firstEntered.complete(null);
        assertEquals(List.of("result 0", "result 1"), run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anImageDroppedBeforeEnteringIsReportedByItsFinish() {
        RecordingStages stages = new RecordingStages();
        stages.entered.put(1, CompletableFuture.failedFuture(new CancellationException("caller went away")));
        stages.failFinishAt = 1;
        stages.failure = new CancellationException("caller went away");
        CancellationException e = assertThrows(CancellationException.class, () -> OrderedPipeline.run(3, stages));
        assertSame(stages.failure, e);
        assertEquals(List.of("submit 0", "submit 1", "finish 0", "submit 2", "finish 1", "cancel 2"), stages.calls);
    }

    @Test
    void aBadImageFailsTheRunWithItsOwnErrorAndGivesUpTheQueuedOne() {
        RecordingStages stages = new RecordingStages();
        stages.failSubmitAt = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrderedPipeline.run(4, stages));
        assertSame(stages.failure, e);
        assertEquals(List.of("submit 0", "submit 1", "finish 0", "submit 2", "cancel 1"), stages.calls);
    }

    @Test
    void aFailedFinishGivesUpTheNextImage() {
        RecordingStages stages = new RecordingStages();
        stages.failFinishAt = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrderedPipeline.run(3, stages));
        assertSame(stages.failure, e);
        assertEquals(List.of("submit 0", "submit 1", "finish 0", "cancel 1"), stages.calls);
    }
}
