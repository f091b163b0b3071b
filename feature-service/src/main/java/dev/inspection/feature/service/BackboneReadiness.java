package dev.inspection.feature.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the backbone session is loaded. */
@Readiness
@ApplicationScoped
public class BackboneReadiness implements HealthCheck {

    private final BackboneHolder holder;

    public BackboneReadiness(BackboneHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("backbone").status(holder.ready());
        if (holder.ready()) {
            builder.withData("provider", holder.extractor().executionProvider())
                    .withData("backbone", holder.extractor().manifest().id());
        } else if (holder.failure() != null) {
            builder.withData("error", holder.failure());
        }
        return builder.build();
    }
}
