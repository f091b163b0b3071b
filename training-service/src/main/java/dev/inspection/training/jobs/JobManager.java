package dev.inspection.training.jobs;

import com.google.protobuf.Timestamp;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Queues jobs onto a fixed number of worker threads (one by default: training saturates the CPU),
 * drives each through its states in the {@link JobStore}, publishes progress to {@link JobEvents}, and
 * cancels through a {@link CancellationToken} the pipeline polls. Plain Java so unit tests run it
 * without Quarkus.
 */
public final class JobManager implements AutoCloseable {

    public static final String RESTART_ERROR = "interrupted by a restart";
    private static final Logger LOG = Logger.getLogger(JobManager.class.getName());
    /** Step events closer together than this are merged (the latest wins) to spare watchers. */
    private static final long STEP_EVENT_INTERVAL_NANOS = 100_000_000L;

    /** A queued or running job of this process. */
    private static final class ActiveJob {
        final CancellationToken token;
        final CountDownLatch done = new CountDownLatch(1);

        ActiveJob(String id) {
            token = new CancellationToken(id);
        }
    }

    private final JobStore store;
    private final JobPipeline pipeline;
    private final JobEvents events;
    private final Clock clock;
    private final int capacity;
    private final Duration cancelWait;
    private final ExecutorService workers;
    private final Map<String, ActiveJob> active = new ConcurrentHashMap<>();
    private final Object admission = new Object();
    private volatile boolean shuttingDown;

    /**
     * @param workers       jobs that run at once
     * @param queueCapacity jobs that may wait beyond the running ones
     * @param cancelWait    how long CancelJob waits for a running job to stop
     */
    public JobManager(JobStore store, JobPipeline pipeline, JobEvents events, Clock clock, int workers,
                      int queueCapacity, Duration cancelWait) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must be >= 0, got " + queueCapacity);
        }
        this.store = store;
        this.pipeline = pipeline;
        this.events = events;
        this.clock = clock;
        this.capacity = workers + queueCapacity;
        this.cancelWait = cancelWait;
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "training-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newFixedThreadPool(workers, threads);
    }

    public JobEvents events() {
        return events;
    }

    /**
     * Start-up recovery: jobs left QUEUED or RUNNING by a previous process end FAILED.
     *
     * @return ids of the jobs marked
     */
    public List<String> recoverAfterRestart() {
        List<String> failed = store.failUnfinished(RESTART_ERROR, clock.instant());
        for (String id : failed) {
            LOG.warning(() -> "job " + id + " was interrupted by a restart; marked FAILED");
        }
        return failed;
    }

    /**
     * Stores the job as QUEUED and queues it.
     *
     * @throws TrainingException RESOURCE_EXHAUSTED when the queue is full
     */
    public JobRecord submit(NewJob job) {
        JobRecord record;
        ActiveJob slot;
        synchronized (admission) {
            if (shuttingDown) {
                throw TrainingException.unavailable("the training service is shutting down", null);
            }
            if (active.size() >= capacity) {
                throw TrainingException.resourceExhausted("the job queue is full (" + capacity
                        + " jobs queued or running); retry later");
            }
            record = store.create(job, clock.instant());
            slot = new ActiveJob(record.id());
            active.put(record.id(), slot);
        }
        events.publish(event(record).build(), false);
        workers.execute(() -> run(record.id(), slot));
        return record;
    }

    public JobRecord get(String id) {
        return store.find(id).orElseThrow(() -> TrainingException.notFound("job '" + id + "' not found"));
    }

    /**
     * Cancels a queued job at once, or asks a running one to stop and waits up to the configured time
     * for it to end.
     *
     * @throws TrainingException NOT_FOUND, or FAILED_PRECONDITION when the job already ended
     */
    public JobRecord cancel(String id) throws InterruptedException {
        JobRecord record = get(id);
        if (JobStateMachine.isFinal(record.state())) {
            throw TrainingException.failedPrecondition("job '" + id + "' already ended as " + record.state());
        }
        ActiveJob slot = active.get(id);
        if (record.state() == JobState.QUEUED) {
            var cancelled = store.transition(id, JobState.CANCELLED, clock.instant(), null, 0);
            if (cancelled.isPresent()) {
                if (slot != null) {
                    slot.token.cancel();
                    active.remove(id, slot);
                    slot.done.countDown();
                }
                events.publish(event(cancelled.get()).setMessage("cancelled while queued").build(), true);
                return cancelled.get();
            }
            record = get(id); // it started meanwhile: cancel it as a running job
        }
        if (slot == null) {
            throw TrainingException.failedPrecondition("job '" + id + "' is " + record.state()
                    + " but not run by this process");
        }
        slot.token.cancel();
        slot.done.await(cancelWait.toMillis(), TimeUnit.MILLISECONDS);
        return get(id);
    }

    private void run(String id, ActiveJob slot) {
        try {
            if (slot.token.isCancelled()) {
                return;
            }
            var running = store.transition(id, JobState.RUNNING, clock.instant(), null, 0);
            if (running.isEmpty()) {
                return; // cancelled while queued
            }
            RunContext context = new RunContext(running.get(), slot.token);
            events.publish(event(running.get()).setMessage("started").build(), false);
            JobState end;
            String error = null;
            int version = 0;
            try {
                version = pipeline.run(running.get(), context);
                end = JobState.SUCCEEDED;
            } catch (JobCancelledException e) {
                if (shuttingDown) {
                    end = JobState.FAILED; // stopped by the process going down, not by a user
                    error = RESTART_ERROR;
                } else {
                    end = JobState.CANCELLED;
                }
            } catch (Exception | LinkageError e) {
                end = JobState.FAILED;
                error = describe(e);
                LOG.log(Level.WARNING, "job " + id + " failed: " + error, e);
            }
            if (end == JobState.SUCCEEDED && slot.token.isCancelled()) {
                LOG.info(() -> "job " + id + " was cancelled after registering; keeping it SUCCEEDED");
            }
            JobRecord finished = store.transition(id, end, clock.instant(), error, version).orElseGet(() -> get(id));
            JobEvent.Builder last = context.current().setState(finished.state()).setAt(timestamp(clock.instant()));
            if (end == JobState.SUCCEEDED) {
                last.setProgress(1.0).setMessage("registered " + finished.modelName() + " version " + version);
            } else if (end == JobState.CANCELLED) {
                last.setMessage("cancelled; nothing registered");
            } else {
                last.setMessage(error);
            }
            events.publish(last.build(), true);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "job " + id + " could not be driven to a final state", e);
        } finally {
            active.remove(id, slot);
            slot.done.countDown();
        }
    }

    /** The job's error text: the status kind first for dependency failures ("UNAVAILABLE: ..."). */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof TrainingException te) {
            return te.kind() + ": " + message;
        }
        return message;
    }

    /** An event carrying the record's state and phase. */
    public static JobEvent.Builder event(JobRecord record) {
        return JobEvent.newBuilder().setJobId(record.id()).setState(record.state()).setPhase(record.phase())
                .setAt(timestamp(Instant.now()));
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /**
     * Stops taking work and stops running jobs at their next cancellation poll; they end FAILED
     * ("interrupted by a restart"), and rows this process can no longer update are recovered the same
     * way at the next start.
     */
    @Override
    public void close() {
        shuttingDown = true;
        active.values().forEach(slot -> slot.token.cancel());
        workers.shutdown();
        try {
            if (!workers.awaitTermination(cancelWait.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Progress reporting of one running job. */
    private final class RunContext implements JobContext {
        private final JobRecord job;
        private final CancellationToken token;
        private final JobEvent.Builder current;
        private long lastStepEventNanos;

        RunContext(JobRecord job, CancellationToken token) {
            this.job = job;
            this.token = token;
            this.current = event(job);
        }

        synchronized JobEvent.Builder current() {
            return current.clone();
        }

        @Override
        public CancellationToken cancellation() {
            return token;
        }

        @Override
        public synchronized void phase(JobPhase phase, String message) {
            token.throwIfCancelled();
            store.updatePhase(job.id(), phase);
            current.setPhase(phase).setMessage(message).setAt(timestamp(clock.instant()));
            events.publish(current.build(), false);
        }

        @Override
        public void snapshot(String snapshotId) {
            store.updateSnapshot(job.id(), snapshotId);
        }

        @Override
        public synchronized void progress(double progress, String message) {
            current.setProgress(progress).setMessage(message).setAt(timestamp(clock.instant()));
            events.publish(current.build(), false);
        }

        @Override
        public synchronized void trainingStep(TrainingStep step, double progress) {
            long now = System.nanoTime();
            boolean lastStep = step.step() >= step.steps();
            if (!lastStep && now - lastStepEventNanos < STEP_EVENT_INTERVAL_NANOS) {
                return;
            }
            lastStepEventNanos = now;
            Instant at = clock.instant();
            double elapsed = job.startedAt() == null ? 0 : Duration.between(job.startedAt(), at).toMillis() / 1000.0;
            double eta = progress > 0 && progress < 1 ? elapsed * (1 - progress) / progress : 0;
            current.setEpoch(step.epoch()).setEpochs(step.epochs()).setStep(step.step()).setSteps(step.steps())
                    .setLoss(step.loss()).setMeanDNormal(step.meanDNormal()).setMeanDNoisy(step.meanDNoisy())
                    .setEtaSeconds(eta).setProgress(progress)
                    .setMessage("step " + step.step() + "/" + step.steps()).setAt(timestamp(at));
            events.publish(current.build(), false);
        }
    }
}
