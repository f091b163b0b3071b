package dev.inspection.feature.provisioning;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a local HTTP server playing an npm registry mounted under /npm/ (as Artifactory/Nexus do). */
class NpmRegistryClientTest {

    private static final byte[] TARBALL = "not really a tarball, but bytes with a known digest"
            .getBytes(StandardCharsets.UTF_8);
    private static final NpmPackageSpec SPEC = new NpmPackageSpec("demo", "1.0.0",
            Digests.sri512(Digests.newDigest("SHA-512").digest(TARBALL)),
            HexFormat.of().formatHex(Digests.newDigest("SHA-1").digest(TARBALL)), TARBALL.length);

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void downloadsAndVerifiesThePinnedTarball(@TempDir Path dir) {
        URI registry = serve(SPEC.integrity(), TARBALL);
        List<String> progress = new ArrayList<>();
        Path target = dir.resolve("cache").resolve(SPEC.tarballFileName());
        new NpmRegistryClient(registry, Duration.ofSeconds(5), progress::add).download(SPEC, target);
        assertArrayEquals(TARBALL, readAll(target));
        assertTrue(progress.get(0).startsWith("downloading demo@1.0.0"), progress.toString());
    }

    @Test
    void rejectsARegistryPublishingAnotherIntegrity(@TempDir Path dir) {
        URI registry = serve("sha512-c29tZXRoaW5nIGVsc2U=", TARBALL);
        ProvisioningException e = assertThrows(ProvisioningException.class, () ->
                new NpmRegistryClient(registry, Duration.ofSeconds(5), l -> { })
                        .download(SPEC, dir.resolve(SPEC.tarballFileName())));
        assertTrue(e.getMessage().contains("publishes demo@1.0.0 with integrity"), e.getMessage());
    }

    @Test
    void rejectsTamperedBytesAndLeavesNoFile(@TempDir Path dir) throws IOException {
        byte[] tampered = TARBALL.clone();
        tampered[0] ^= 1;
        URI registry = serve(SPEC.integrity(), tampered);
        Path target = dir.resolve(SPEC.tarballFileName());
        ProvisioningException e = assertThrows(ProvisioningException.class, () ->
                new NpmRegistryClient(registry, Duration.ofSeconds(5), l -> { }).download(SPEC, target));
        assertTrue(e.getMessage().contains("has integrity"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "partial download removed");
        }
    }

    @Test
    void unreachableRegistryGivesOneClearLine(@TempDir Path dir) throws IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI registry = URI.create("http://127.0.0.1:" + closedPort + "/");
        ProvisioningException e = assertThrows(ProvisioningException.class, () ->
                new NpmRegistryClient(registry, Duration.ofSeconds(5), l -> { })
                        .download(SPEC, dir.resolve(SPEC.tarballFileName())));
        assertTrue(e.getMessage().startsWith("npm registry http://127.0.0.1:" + closedPort + "/ is unreachable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--package"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void defaultRegistryFollowsEnvironmentThenNpmrc(@TempDir Path dir) throws IOException {
        Path npmrc = dir.resolve(".npmrc");
        assertEquals(NpmRegistryClient.PUBLIC_REGISTRY, NpmRegistryClient.defaultRegistry(Map.of(), npmrc));
        Files.writeString(npmrc, "fund=false\n  registry = https://mirror.example/npm/\n");
        assertEquals(URI.create("https://mirror.example/npm/"), NpmRegistryClient.defaultRegistry(Map.of(), npmrc));
        assertEquals(URI.create("https://env.example/"), NpmRegistryClient.defaultRegistry(
                Map.of("npm_config_registry", "https://env.example/"), npmrc));
    }

    private URI serve(String publishedIntegrity, byte[] tarball) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/npm/";
        server.createContext("/npm/demo/1.0.0", ex -> respond(ex, ("{\"name\":\"demo\",\"version\":\"1.0.0\","
                + "\"dist\":{\"integrity\":\"" + publishedIntegrity + "\",\"shasum\":\"" + SPEC.shasum()
                + "\",\"tarball\":\"" + base + "demo/-/demo-1.0.0.tgz\"}}").getBytes(StandardCharsets.UTF_8)));
        server.createContext("/npm/demo/-/demo-1.0.0.tgz", ex -> respond(ex, tarball));
        server.start();
        return URI.create(base);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
