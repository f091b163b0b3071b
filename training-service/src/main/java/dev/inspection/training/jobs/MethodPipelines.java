package dev.inspection.training.jobs;

import dev.inspection.api.model.v1.Method;
import java.util.EnumMap;
import java.util.Map;

/** Runs each job on the pipeline of its method (SimpleNet, BGAD). */
public final class MethodPipelines implements JobPipeline {

    private final Map<Method, JobPipeline> pipelines;

    public MethodPipelines(Map<Method, JobPipeline> pipelines) {
        this.pipelines = new EnumMap<>(pipelines);
    }

    @Override
    public int run(JobRecord job, JobContext context) throws Exception {
        JobPipeline pipeline = pipelines.get(job.method());
        if (pipeline == null) {
            throw TrainingException.failedPrecondition("method " + job.method() + " is not trained by this service "
                    + "(trained: " + pipelines.keySet() + ")");
        }
        return pipeline.run(job, context);
    }
}
