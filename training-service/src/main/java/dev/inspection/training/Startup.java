package dev.inspection.training;

import dev.inspection.training.jobs.JobManager;
import dev.inspection.training.registry.ModelRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Start-up recovery before any request: jobs a previous process left QUEUED or RUNNING end FAILED
 * ("interrupted by a restart"), and half-published registry folders are removed. Also pins DJL to
 * the libtorch of its Maven native jar before the engine first loads: it must never download one.
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class);

    static final String DJL_OFFLINE = "ai.djl.offline";

    void onStart(@Observes StartupEvent event, JobManager jobs, ModelRegistry registry) throws IOException {
        if (System.getProperty(DJL_OFFLINE) == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty(DJL_OFFLINE, "true");
        }
        List<String> failed = jobs.recoverAfterRestart();
        List<Path> removed = registry.removeLeftovers();
        if (!failed.isEmpty() || !removed.isEmpty()) {
            LOG.infof("start-up recovery: %d interrupted job(s) marked FAILED, %d leftover registry folder(s) removed",
                    failed.size(), removed.size());
        }
    }
}
