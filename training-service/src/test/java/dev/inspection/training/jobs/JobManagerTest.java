package dev.inspection.training.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobManagerTest {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private JobManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private JobManager manager(JobPipeline pipeline, int workers, int queue) {
        manager = new JobManager(store, pipeline, new JobEvents(), Clock.systemUTC(), workers, queue,
                Duration.ofSeconds(5));
        return manager;
    }

    private static NewJob job(String model) {
        return new NewJob(model, Method.SIMPLENET, "dataset", "", "cpu", new TreeMap<>(), null, "", false, 7);
    }

    private JobRecord awaitFinal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JobRecord r = store.find(id).orElseThrow();
            if (JobStateMachine.isFinal(r.state())) {
                return r;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    @Test
    void succeededJobRecordsVersionAndEmitsPhasesInOrderEndingWithFinalEvent() throws Exception {
        CountDownLatch watching = new CountDownLatch(1);
        JobPipeline pipeline = (job, ctx) -> {
            watching.await(10, TimeUnit.SECONDS);
            ctx.phase(JobPhase.SNAPSHOT, "snap");
            ctx.snapshot("snap-1");
            ctx.phase(JobPhase.TRAINING, "train");
            ctx.trainingStep(new TrainingStep(1, 1, 1, 1, 0.25, 0.6, -0.4), 0.5);
            return 3;
        };
        manager(pipeline, 1, 4);
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        JobRecord queued = manager.submit(job("m"));
        manager.events().watch(queued.id(), null, false, seen::add, ended::countDown);
        watching.countDown();
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        JobRecord done = awaitFinal(queued.id());
        assertEquals(JobState.SUCCEEDED, done.state());
        assertEquals(3, done.registeredVersion());
        assertEquals("snap-1", done.snapshotId());
        assertTrue(done.startedAt() != null && done.finishedAt() != null);
        JobEvent last = seen.get(seen.size() - 1);
        assertEquals(JobState.SUCCEEDED, last.getState());
        assertEquals(1.0, last.getProgress());
        assertEquals(0.25, last.getLoss(), "the final event keeps the last training figures");
        assertTrue(seen.stream().anyMatch(e -> e.getPhase() == JobPhase.TRAINING && e.getStep() == 1
                && e.getMeanDNormal() == 0.6 && e.getMeanDNoisy() == -0.4));
        int snapshotAt = indexOf(seen, JobPhase.SNAPSHOT);
        int trainingAt = indexOf(seen, JobPhase.TRAINING);
        assertTrue(snapshotAt >= 0 && snapshotAt < trainingAt, "phases arrive in order");
    }

    private static int indexOf(List<JobEvent> events, JobPhase phase) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getPhase() == phase) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void failingPipelineEndsFailedWithKindInTheError() throws Exception {
        manager((job, ctx) -> {
            throw TrainingException.unavailable("dataset service at x:1 is unavailable", null);
        }, 1, 1);
        JobRecord done = awaitFinal(manager.submit(job("m")).id());
        assertEquals(JobState.FAILED, done.state());
        assertEquals("UNAVAILABLE: dataset service at x:1 is unavailable", done.error());
        assertEquals(0, done.registeredVersion());
    }

    @Test
    void jobsQueueBehindOneWorkerAndAFullQueueIsResourceExhausted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        manager((job, ctx) -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
                return 1;
            } finally {
                concurrent.decrementAndGet();
            }
        }, 1, 2);
        JobRecord first = manager.submit(job("a"));
        JobRecord second = manager.submit(job("b"));
        JobRecord third = manager.submit(job("c"));
        TrainingException full = assertThrows(TrainingException.class, () -> manager.submit(job("d")));
        assertEquals(TrainingException.Kind.RESOURCE_EXHAUSTED, full.kind());
        assertEquals(3, store.count(null), "the rejected job is not stored");
        waitForState(first.id(), JobState.RUNNING);
        assertEquals(JobState.QUEUED, store.find(second.id()).orElseThrow().state());
        release.countDown();
        for (JobRecord r : List.of(first, second, third)) {
            assertEquals(JobState.SUCCEEDED, awaitFinal(r.id()).state());
        }
        assertEquals(1, maxConcurrent.get(), "one worker runs one job at a time");
        manager.submit(job("e")); // capacity is free again
    }

    private void waitForState(String id, JobState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.find(id).orElseThrow().state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " never reached " + state);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void cancellingARunningJobStopsItAtTheNextPollAndRegistersNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger registered = new AtomicInteger();
        manager((job, ctx) -> {
            started.countDown();
            for (int step = 0; step < 10_000; step++) {
                ctx.cancellation().throwIfCancelled();
                Thread.sleep(2);
            }
            registered.incrementAndGet();
            return 1;
        }, 1, 1);
        JobRecord r = manager.submit(job("m"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        JobRecord cancelled = manager.cancel(r.id());
        assertEquals(JobState.CANCELLED, cancelled.state(), "cancel waits for the worker to stop");
        assertEquals(0, registered.get());
        assertEquals(0, cancelled.registeredVersion());
        TrainingException again = assertThrows(TrainingException.class, () -> manager.cancel(r.id()));
        assertEquals(TrainingException.Kind.FAILED_PRECONDITION, again.kind());
    }

    @Test
    void cancellingAQueuedJobNeverRunsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        manager((job, ctx) -> {
            runs.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return 1;
        }, 1, 1);
        JobRecord running = manager.submit(job("a"));
        JobRecord queued = manager.submit(job("b"));
        waitForState(running.id(), JobState.RUNNING);
        assertEquals(JobState.CANCELLED, manager.cancel(queued.id()).state());
        release.countDown();
        assertEquals(JobState.SUCCEEDED, awaitFinal(running.id()).state());
        manager.close();
        assertEquals(1, runs.get());
        assertEquals(JobState.CANCELLED, store.find(queued.id()).orElseThrow().state());
    }

    @Test
    void shuttingDownFailsTheRunningJobAsInterruptedAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        manager((job, ctx) -> {
            started.countDown();
            while (true) {
                ctx.cancellation().throwIfCancelled();
                Thread.sleep(2);
            }
        }, 1, 1);
        JobRecord r = manager.submit(job("m"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        manager.close();
        JobRecord after = store.find(r.id()).orElseThrow();
        assertEquals(JobState.FAILED, after.state());
        assertEquals(JobManager.RESTART_ERROR, after.error());
        assertEquals(TrainingException.Kind.UNAVAILABLE,
                assertThrows(TrainingException.class, () -> manager.submit(job("n"))).kind());
    }

    @Test
    void unknownJobIsNotFound() {
        manager((job, ctx) -> 1, 1, 1);
        assertEquals(TrainingException.Kind.NOT_FOUND,
                assertThrows(TrainingException.class, () -> manager.get("no-such-job")).kind());
        assertEquals(TrainingException.Kind.NOT_FOUND,
                assertThrows(TrainingException.class, () -> manager.cancel("no-such-job")).kind());
    }

    @Test
    void restartRecoveryFailsJobsAPreviousProcessLeftRunningOrQueued() {
        Instant then = Instant.parse("2026-11-29T06:00:00Z");
        JobRecord running = store.insert(new JobRecord("r1", "m", Method.SIMPLENET, JobState.RUNNING, JobPhase.TRAINING,
                "d", "s", "cpu", new TreeMap<>(), null, "", false, 1, "", 0, then, then, null));
        JobRecord queued = store.insert(new JobRecord("q1", "m", Method.SIMPLENET, JobState.QUEUED,
                JobPhase.JOB_PHASE_UNSPECIFIED, "d", "", "cpu", new TreeMap<>(), null, "", false, 1, "", 0, then, null,
                null));
        JobRecord done = store.insert(new JobRecord("s1", "m", Method.SIMPLENET, JobState.SUCCEEDED,
                JobPhase.REGISTRATION, "d", "s", "cpu", new TreeMap<>(), null, "", false, 1, "", 4, then, then, then));
        manager((job, ctx) -> 1, 1, 1);
        List<String> failed = manager.recoverAfterRestart();
        assertEquals(List.of(running.id(), queued.id()), failed);
        JobRecord after = store.find(running.id()).orElseThrow();
        assertEquals(JobState.FAILED, after.state());
        assertEquals(JobManager.RESTART_ERROR, after.error());
        assertEquals(0, after.registeredVersion());
        assertEquals(JobState.SUCCEEDED, store.find(done.id()).orElseThrow().state());
        assertEquals(4, store.find(done.id()).orElseThrow().registeredVersion());
    }

    @Test
    void stateMachineAllowsOnlyForwardMoves() {
        assertTrue(JobStateMachine.canMove(JobState.QUEUED, JobState.RUNNING));
        assertTrue(JobStateMachine.canMove(JobState.QUEUED, JobState.CANCELLED));
        assertTrue(JobStateMachine.canMove(JobState.RUNNING, JobState.SUCCEEDED));
        assertTrue(JobStateMachine.canMove(JobState.RUNNING, JobState.CANCELLED));
        assertFalse(JobStateMachine.canMove(JobState.QUEUED, JobState.SUCCEEDED));
        assertFalse(JobStateMachine.canMove(JobState.RUNNING, JobState.QUEUED));
        for (JobState end : List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
            assertTrue(JobStateMachine.isFinal(end));
            for (JobState to : JobState.values()) {
                if (to != JobState.UNRECOGNIZED) {
                    assertFalse(JobStateMachine.canMove(end, to), end + " -> " + to);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> JobStateMachine.checkMove("j", JobState.FAILED, JobState.RUNNING));
    }
}
