package dev.inspection.feature.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;

/** Builds (or reuses) the default backbone in a cache folder from the published npm package. */
@ApplicationScoped
public class BackboneProvisioning {

    public Path provision(Path cacheDir) throws IOException {
        throw new IOException("backbone provisioning from the npm package is not wired in yet; "
                + "set inspection.feature.backbone-file");
    }
}
