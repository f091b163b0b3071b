package dev.inspection.training.jobs;

import dev.inspection.api.training.v1.JobState;

/**
 * Allowed job state transitions: QUEUED -> RUNNING | CANCELLED | FAILED; RUNNING -> SUCCEEDED |
 * FAILED | CANCELLED. SUCCEEDED, FAILED and CANCELLED are final.
 */
public final class JobStateMachine {
    private JobStateMachine() {
    }

    public static boolean isFinal(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
    }

    public static boolean canMove(JobState from, JobState to) {
        return switch (from) {
            case QUEUED -> to == JobState.RUNNING || to == JobState.CANCELLED || to == JobState.FAILED;
            case RUNNING -> to == JobState.SUCCEEDED || to == JobState.FAILED || to == JobState.CANCELLED;
            default -> false;
        };
    }

    /** @throws IllegalStateException for a transition the machine forbids */
    public static void checkMove(String jobId, JobState from, JobState to) {
        if (!canMove(from, to)) {
            throw new IllegalStateException("job " + jobId + " cannot go from " + from + " to " + to);
        }
    }
}
