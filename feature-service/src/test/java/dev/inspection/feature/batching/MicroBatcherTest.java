package dev.inspection.feature.batching;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroBatcherTest {

    private static final long LONG_DELAY = TimeUnit.SECONDS.toNanos(5);

    @Test
    void fullBatchRunsWithoutWaitingForTheDelay() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 4, LONG_DELAY, 16, in -> {
            sizes.add(in.size());
            return in.stream().map(x -> x * 10).toList();
        })) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(batcher.submit(i, () -> false));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(i * 10, futures.get(i).get(2, TimeUnit.SECONDS));
            }
            assertEquals(List.of(4), sizes);
        }
    }

    @Test
    void anInputThatDoesNotWaitForCompanionsRunsWithWhatIsQueued() throws Exception {
        List<List<Integer>> seen = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 8, LONG_DELAY, 16, in -> {
            seen.add(List.copyOf(in));
            running.countDown();
            release.await();
            return in;
        })) {
            // Alone in the queue, it does not wait the (5 s) delay.
            CompletableFuture<Integer> first = batcher.submit(1, () -> false, false);
            assertTrue(running.await(2, TimeUnit.SECONDS));
            // Queued behind a running batch, a waiting input is taken along by one that does not wait.
            CompletableFuture<Integer> waiting = batcher.submit(2, () -> false);
            CompletableFuture<Integer> eager = batcher.submit(3, () -> false, false);
            release.countDown();
            assertEquals(1, first.get(2, TimeUnit.SECONDS));
            assertEquals(2, waiting.get(2, TimeUnit.SECONDS));
            assertEquals(3, eager.get(2, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(1), List.of(2, 3)), seen);
        }
    }

    @Test
    void partialBatchClosesAfterTheQueueDelay() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 8, TimeUnit.MILLISECONDS.toNanos(20), 16, in -> {
            sizes.add(in.size());
            return in;
        })) {
            CompletableFuture<Integer> a = batcher.submit(1, () -> false);
            CompletableFuture<Integer> b = batcher.submit(2, () -> false);
            assertEquals(1, a.get(2, TimeUnit.SECONDS));
            assertEquals(2, b.get(2, TimeUnit.SECONDS));
            assertEquals(2, sizes.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void fullQueueRejectsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("backbone", 1, 0, 2, in -> {
            running.countDown();
            release.await();
            return in;
        })) {
            CompletableFuture<Integer> first = batcher.submit(0, () -> false);
            assertTrue(running.await(2, TimeUnit.SECONDS));
            batcher.submit(1, () -> false);
            batcher.submit(2, () -> false);
            QueueFullException full = assertThrows(QueueFullException.class, () -> batcher.submit(3, () -> false));
            assertTrue(full.getMessage().contains("backbone queue is full"), full.getMessage());
            release.countDown();
            assertEquals(0, first.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void abandonedInputsAreSkipped() throws Exception {
        List<List<Integer>> seen = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 4, LONG_DELAY, 16, in -> {
            seen.add(List.copyOf(in));
            return in;
        })) {
            CompletableFuture<Integer> gone = batcher.submit(1, () -> true);
            List<CompletableFuture<Integer>> live = new ArrayList<>();
            for (int i = 2; i <= 4; i++) {
                live.add(batcher.submit(i, () -> false));
            }
            // CompletableFuture surfaces a CancellationException cause as itself.
            assertThrows(CancellationException.class, () -> gone.get(2, TimeUnit.SECONDS));
            assertEquals(4, live.get(2).get(2, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(2, 3, 4)), seen);
        }
    }

    @Test
    void batchFailureReachesEveryCaller() {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 2, LONG_DELAY, 16, in -> {
            throw new IllegalStateException("backbone exploded");
        })) {
            CompletableFuture<Integer> a = batcher.submit(1, () -> false);
            CompletableFuture<Integer> b = batcher.submit(2, () -> false);
            for (CompletableFuture<Integer> f : List.of(a, b)) {
                ExecutionException ex = assertThrows(ExecutionException.class, () -> f.get(2, TimeUnit.SECONDS));
                assertEquals("backbone exploded", ex.getCause().getMessage());
            }
        }
    }
}
