package dev.inspection.scoring.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The one serving table of the process, loading from the registry. */
@ApplicationScoped
public class ServingTableProducer {

    @Produces
    @Singleton
    ServedModels servedModels(RegistryVersionLoader loader) {
        return new ServedModels(loader);
    }

    void close(@Disposes ServedModels models) {
        models.close();
    }
}
