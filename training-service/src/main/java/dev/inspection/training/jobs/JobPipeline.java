package dev.inspection.training.jobs;

/** The work of one job, from snapshot to registration. */
public interface JobPipeline {

    /**
     * Runs the job to its registered version.
     *
     * @return the registered version number (>= 1)
     * @throws JobCancelledException when the job's token was cancelled (nothing may be registered then)
     * @throws Exception             any failure; its message becomes the job's error
     */
    int run(JobRecord job, JobContext context) throws Exception;
}
