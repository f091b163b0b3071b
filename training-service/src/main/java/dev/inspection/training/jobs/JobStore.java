package dev.inspection.training.jobs;

import dev.inspection.api.training.v1.JobPhase;
import dev.inspection.api.training.v1.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable job state. Every transition is checked against {@link JobStateMachine} under a row lock. */
public interface JobStore {

    JobRecord create(NewJob job, Instant now);

    Optional<JobRecord> find(String id);

    /** Newest first; {@code state == null} matches all. */
    List<JobRecord> list(JobState state, int offset, int limit);

    long count(JobState state);

    /**
     * Moves the job to {@code to} if its current state allows it.
     *
     * @param error             stored when non-null
     * @param registeredVersion stored when positive
     * @return the updated record, or empty when the current state forbids the move (e.g. cancelled
     *         while queued)
     */
    Optional<JobRecord> transition(String id, JobState to, Instant now, String error, int registeredVersion);

    void updatePhase(String id, JobPhase phase);

    void updateSnapshot(String id, String snapshotId);

    /**
     * Marks every QUEUED or RUNNING job FAILED with {@code reason} (start-up recovery: the process that
     * ran them is gone).
     *
     * @return ids of the jobs marked
     */
    List<String> failUnfinished(String reason, Instant now);
}
