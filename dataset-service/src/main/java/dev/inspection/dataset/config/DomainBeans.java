package dev.inspection.dataset.config;

import dev.inspection.dataset.domain.ImageInspector;
import dev.inspection.dataset.domain.ImageIoInspector;
import dev.inspection.dataset.domain.ImageLimits;
import dev.inspection.dataset.domain.ImportPathGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Builds the plain-Java domain objects from the configuration. */
@ApplicationScoped
public class DomainBeans {
    private static final Logger LOG = Logger.getLogger(DomainBeans.class);

    @Produces
    @ApplicationScoped
    ImageInspector imageInspector(DatasetConfig config) {
        return new ImageIoInspector(new ImageLimits(config.limits().maxImageBytes(), config.limits().maxPixels()));
    }

    @Produces
    @ApplicationScoped
    ImportPathGuard importPathGuard(DatasetConfig config) {
        ImportPathGuard guard = new ImportPathGuard(config.importRoots().stream()
                .filter(s -> !s.isBlank()).map(s -> Path.of(s.strip())).toList());
        LOG.infof("import roots: %s", guard.roots());
        return guard;
    }
}
