package dev.inspection.scoring.model;

import dev.inspection.scoring.config.ScoringConfig;
import dev.inspection.scoring.engine.ScoringException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Loads each configured model's registry-active version at start-up
 * ({@code inspection.scoring.auto-load-models}). A model that cannot be loaded is logged and skipped:
 * the service still starts, and ActivateVersion can load it later.
 */
@ApplicationScoped
public class AutoLoader {

    private static final Logger LOG = Logger.getLogger(AutoLoader.class);

    void onStart(@Observes StartupEvent event, ServedModels models, ScoringConfig config) {
        List<String> names = config.autoLoadModels().orElse(List.of());
        for (String name : names) {
            try {
                var state = models.activate(name.trim(), 0);
                LOG.infof("auto-loaded model '%s' version %d", name, state.active().version());
            } catch (ScoringException e) {
                LOG.errorf("auto-load of model '%s' failed (%s): %s", name, e.code(), e.getMessage());
            }
        }
    }
}
