package dev.inspection.cli;

import com.google.protobuf.Timestamp;
import dev.inspection.api.training.v1.CancelJobRequest;
import dev.inspection.api.training.v1.GetJobRequest;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.ListJobsRequest;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.api.training.v1.TrainingServiceGrpc;
import dev.inspection.api.common.v1.PageRequest;
import dev.inspection.api.feature.v1.Preprocessing;
import dev.inspection.api.feature.v1.ResizeMode;
import io.grpc.ManagedChannel;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Training-job tasks shared by the {@code training} commands and the main job. */
public final class TrainingOperations {

    private final ManagedChannel channel;
    private final GrpcTarget target;

    public TrainingOperations(ManagedChannel channel, GrpcTarget target) {
        this.channel = channel;
        this.target = target;
    }

    private TrainingServiceGrpc.TrainingServiceBlockingStub stub() {
        return TrainingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit());
    }

    /** The preprocessing override of a job: the backbone's default, or whole images resized (no crop). */
    public static Preprocessing preprocessing(boolean resizeWhole) {
        return resizeWhole ? Preprocessing.newBuilder().setMode(ResizeMode.RESIZE_WHOLE).build()
                : Preprocessing.getDefaultInstance();
    }

    public TrainingJob start(StartJobRequest request) {
        return stub().startJob(request);
    }

    public TrainingJob get(String jobId) {
        return stub().getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
    }

    public TrainingJob cancel(String jobId) {
        return stub().cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build());
    }

    /** Jobs, newest first; {@code state} UNSPECIFIED lists all. */
    public List<TrainingJob> list(JobState state, int limit) {
        return stub().listJobs(ListJobsRequest.newBuilder().setState(state)
                .setPage(PageRequest.newBuilder().setPageSize(limit)).build()).getJobsList();
    }

    /**
     * Follows a job until it ends, drawing a progress bar with the server's ETA, and returns the
     * final job with the wall time of each phase as the events showed it.
     */
    public WatchedJob watch(String jobId, PrintStream progressOut) {
        Iterator<JobEvent> events = TrainingServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit())
                .watchJob(dev.inspection.api.training.v1.WatchJobRequest.newBuilder().setJobId(jobId).build());
        ProgressBar bar = new ProgressBar(progressOut, "training");
        PhaseClock clock = new PhaseClock();
        while (events.hasNext()) {
            JobEvent event = events.next();
            clock.observe(event.getPhase(), System.nanoTime());
            if (event.getState() == JobState.RUNNING || event.getState() == JobState.QUEUED) {
                bar.update(event.getProgress(), event.getEtaSeconds(), describe(event));
            }
        }
        bar.finish();
        clock.observe(JobPhase.JOB_PHASE_UNSPECIFIED, System.nanoTime());
        return new WatchedJob(get(jobId), clock.secondsPerPhase());
    }

    /** One line per event for people: phase, step or message, loss. */
    static String describe(JobEvent e) {
        if (e.getState() == JobState.QUEUED) {
            return "queued";
        }
        if (e.getPhase() == JobPhase.JOB_PHASE_UNSPECIFIED) {
            return "starting";
        }
        String phase = e.getPhase().name().toLowerCase(java.util.Locale.ROOT);
        if (e.getPhase() == JobPhase.TRAINING && e.getSteps() > 0) {
            return String.format(java.util.Locale.ROOT, "%s step %d/%d loss %.4f", phase, e.getStep(), e.getSteps(), e.getLoss());
        }
        return e.getMessage().isEmpty() ? phase : phase + ": " + e.getMessage();
    }

    /** A finished job and how long each phase ran (seconds, as seen by the watcher). */
    public record WatchedJob(TrainingJob job, Map<JobPhase, Double> phaseSeconds) {

        public boolean succeeded() {
            return job.getState() == JobState.SUCCEEDED;
        }

        /** Wall time between the job's start and end as the server recorded them, NaN if unknown. */
        public double trainingSeconds() {
            if (!job.hasStartedAt() || !job.hasFinishedAt()) {
                return Double.NaN;
            }
            return seconds(job.getFinishedAt()) - seconds(job.getStartedAt());
        }

        private static double seconds(Timestamp t) {
            return t.getSeconds() + t.getNanos() / 1e9;
        }
    }

    /** Accumulates the time between phase changes. */
    static final class PhaseClock {
        private final Map<JobPhase, Double> seconds = new EnumMap<>(JobPhase.class);
        private JobPhase current = JobPhase.JOB_PHASE_UNSPECIFIED;
        private long since;

        void observe(JobPhase phase, long nanos) {
            if (phase == current) {
                return;
            }
            if (current != JobPhase.JOB_PHASE_UNSPECIFIED) {
                seconds.merge(current, (nanos - since) / 1e9, Double::sum);
            }
            current = phase;
            since = nanos;
        }

        Map<JobPhase, Double> secondsPerPhase() {
            return Map.copyOf(seconds);
        }
    }
}
