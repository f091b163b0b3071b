package dev.inspection.k8s;

import static dev.inspection.k8s.Manifests.list;
import static dev.inspection.k8s.Manifests.map;
import static dev.inspection.k8s.Manifests.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The base manifests read beside the services they deploy: a renamed config key, a changed port or a
 * forgotten volume fails here rather than in a plant's rollout.
 */
class ManifestsTest {

    private static final List<String> SERVICES =
            List.of("dataset-service", "feature-service", "training-service", "scoring-service");
    /** Environment read by the image's launcher (run-java.sh, k8s/image/Dockerfile), not by a service. */
    private static final Set<String> LAUNCHER_ENVIRONMENT = Set.of("JAVA_MAX_MEM_RATIO");
    /** run-java.sh's heap share of the memory limit when JAVA_MAX_MEM_RATIO is not set. */
    private static final int LAUNCHER_DEFAULT_HEAP_PERCENT = 80;
    private static final long GIB = 1L << 30;
    /**
     * The largest job measured, BGAD on magnetic tile (main job, session 7): it ran with a 4 GiB heap
     * (live set ~2 GiB) and held 1.5 GB outside the heap while training (libtorch, ONNX Runtime), 2.8 GB
     * with a 6 GiB heap.
     */
    private static final long TRAINING_HEAP = 4 * GIB;
    private static final long TRAINING_OUTSIDE_HEAP = 3 * GIB;
    /** Secrets the cluster admin creates (k8s/README.md says how); never committed. */
    private static final Set<String> ADMIN_SECRETS = Set.of("inspection-db");

    private static Path root;
    private static Manifests base;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of("").toAbsolutePath().getParent();
        base = Manifests.load(root.resolve("k8s/base"));
    }

    private static Map<String, Object> deployment(String service) {
        return base.find("Deployment", service).orElseThrow(() -> new AssertionError("no Deployment " + service));
    }

    private static Map<String, Object> container(String service) {
        List<Object> containers = list(path(deployment(service), "spec", "template", "spec", "containers"));
        assertEquals(1, containers.size(), service + ": one container");
        return map(containers.get(0));
    }

    private static Map<String, String> literalEnv(String service) {
        Map<String, String> env = new HashMap<>();
        for (Object e : list(container(service).get("env"))) {
            Map<String, Object> entry = map(e);
            env.put((String) entry.get("name"), entry.get("value") == null ? null : entry.get("value").toString());
        }
        return env;
    }

    @Test
    void everyServiceListensWhereItsServiceAndProbesPoint() throws IOException {
        for (String service : SERVICES) {
            int port = ServiceConfigKeys.of(root.resolve(service)).defaultHttpPort();
            Map<String, Object> c = container(service);
            Map<String, Object> containerPort = map(list(c.get("ports")).get(0));
            assertEquals("http", containerPort.get("name"), service);
            assertEquals(port, containerPort.get("containerPort"), service + ": container port");
            assertEquals(String.valueOf(port), literalEnv(service).get("QUARKUS_HTTP_PORT"), service);
            assertEquals(String.valueOf(port),
                    path(deployment(service), "spec", "template", "metadata", "annotations", "prometheus.io/port"));

            Map<String, Object> svc = base.find("Service", service).orElseThrow();
            Map<String, Object> servicePort = map(list(path(svc, "spec", "ports")).get(0));
            assertEquals(port, servicePort.get("port"), service + ": Service port");
            assertEquals("http", servicePort.get("targetPort"));
            assertEquals("kubernetes.io/h2c", servicePort.get("appProtocol"), service + ": gRPC needs h2c");
            assertEquals(service, path(svc, "spec", "selector", "app.kubernetes.io/name"));

            assertEquals("/q/health/started", path(c, "startupProbe", "httpGet", "path"), service);
            assertEquals("/q/health/ready", path(c, "readinessProbe", "httpGet", "path"), service);
            assertEquals("/q/health/live", path(c, "livenessProbe", "httpGet", "path"), service);
            Object memoryRequest = path(c, "resources", "requests", "memory");
            assertEquals(memoryRequest, path(c, "resources", "limits", "memory"),
                    service + ": a JVM gets a guaranteed memory size");
        }
    }

    @Test
    void everyEnvironmentVariableIsAConfigKeyTheServiceReads() throws IOException {
        Map<String, ServiceConfigKeys> keys = new HashMap<>();
        for (String service : SERVICES) {
            keys.put(service, ServiceConfigKeys.of(root.resolve(service)));
            for (String name : literalEnv(service).keySet()) {
                if (LAUNCHER_ENVIRONMENT.contains(name)) {
                    continue;
                }
                assertTrue(keys.get(service).readsEnvironment(name),
                        service + " reads no config key for environment variable " + name);
            }
        }
        // The shared ConfigMap goes to every service: each literal must be read by at least one.
        for (String name : base.configMapLiterals().keySet()) {
            assertTrue(keys.values().stream().anyMatch(k -> k.readsEnvironment(name)),
                    "no service reads the ConfigMap's " + name);
        }
    }

    @Test
    void everyFolderAServiceWritesIsAMountedVolume() throws IOException {
        for (String service : SERVICES) {
            ServiceConfigKeys keys = ServiceConfigKeys.of(root.resolve(service));
            Map<String, Object> c = container(service);
            Set<String> volumes = new HashSet<>();
            for (Object v : list(path(deployment(service), "spec", "template", "spec", "volumes"))) {
                Map<String, Object> volume = map(v);
                volumes.add((String) volume.get("name"));
                Object claim = path(volume, "persistentVolumeClaim", "claimName");
                if (claim != null) {
                    assertTrue(base.find("PersistentVolumeClaim", (String) claim).isPresent(),
                            service + " mounts a claim the base does not define: " + claim);
                }
            }
            List<String> mounted = new ArrayList<>();
            for (Object m : list(c.get("volumeMounts"))) {
                assertTrue(volumes.contains(map(m).get("name")), service + ": mount of an undeclared volume " + m);
                mounted.add((String) map(m).get("mountPath"));
            }
            Map<String, String> env = new HashMap<>(literalEnv(service));
            base.configMapLiterals().forEach(env::putIfAbsent);
            for (Map.Entry<String, String> e : env.entrySet()) {
                boolean isFolder = e.getKey().endsWith("_DIR") && keys.readsEnvironment(e.getKey());
                if (isFolder) {
                    assertTrue(mounted.stream().anyMatch(p -> e.getValue().startsWith(p)),
                            service + ": " + e.getKey() + "=" + e.getValue() + " is not on a mounted volume");
                }
            }
        }
    }

    @Test
    void secretsAreOnlyTheDocumentedAdminOnesAndTheReadmeSaysHowToCreateThem() throws IOException {
        String readme = Files.readString(root.resolve("k8s/README.md"));
        List<String> referenced = new ArrayList<>();
        collectSecretNames(base.ofKind("Deployment"), referenced);
        collectSecretNames(base.ofKind("StatefulSet"), referenced);
        assertFalse(referenced.isEmpty());
        for (String secret : referenced) {
            assertTrue(ADMIN_SECRETS.contains(secret), "undocumented secret " + secret);
            assertTrue(readme.contains("create secret generic " + secret), "README must say how to create " + secret);
        }
        assertTrue(base.ofKind("Secret").isEmpty(), "secrets are never committed");
    }

    private static void collectSecretNames(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            Object ref = m.get("secretKeyRef");
            if (ref instanceof Map<?, ?> r) {
                out.add((String) r.get("name"));
            }
            m.values().forEach(v -> collectSecretNames(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectSecretNames(v, out));
        }
    }

    @Test
    void theLauncherVariablesReachTheLauncher() throws IOException {
        String dockerfile = Files.readString(root.resolve("k8s/image/Dockerfile"));
        assertTrue(dockerfile.contains("run-java.sh"), "JAVA_MAX_MEM_RATIO means something only to run-java.sh");
        assertFalse(dockerfile.contains("-Xmx"), "an -Xmx in the image would override the ratio");
    }

    @Test
    void theTrainingPodHoldsAMagneticTileBgadJobInsideAndOutsideTheHeap() {
        long limit = kubernetesQuantity(path(container("training-service"), "resources", "limits", "memory"));
        String ratio = literalEnv("training-service").get("JAVA_MAX_MEM_RATIO");
        long heap = limit * (ratio == null ? LAUNCHER_DEFAULT_HEAP_PERCENT : Integer.parseInt(ratio)) / 100;
        assertTrue(heap >= TRAINING_HEAP, "training heap " + heap + " bytes < " + TRAINING_HEAP);
        assertTrue(limit - heap >= TRAINING_OUTSIDE_HEAP, "training pod leaves " + (limit - heap)
                + " bytes beside the heap, libtorch and ONNX Runtime need " + TRAINING_OUTSIDE_HEAP);
    }

    @Test
    void theFeatureCacheBudgetFitsItsVolume() {
        String budget = literalEnv("training-service").get("INSPECTION_TRAINING_FEATURE_CACHE_MAX_SIZE");
        assertTrue(budget != null, "without a budget the cache grows until the kubelet evicts the pod");
        Object sizeLimit = null;
        for (Object v : list(path(deployment("training-service"), "spec", "template", "spec", "volumes"))) {
            if ("feature-cache".equals(map(v).get("name"))) {
                sizeLimit = path(map(v), "emptyDir", "sizeLimit");
            }
        }
        assertTrue(sizeLimit != null, "the feature-cache volume has a sizeLimit");
        // One image's file may land before the eviction that follows it: keep a margin.
        assertTrue(quarkusMemorySize(budget) + GIB <= kubernetesQuantity(sizeLimit),
                "feature cache budget " + budget + " does not fit its volume's " + sizeLimit);
    }

    /** A Kubernetes memory quantity with a binary suffix (Ki, Mi, Gi). */
    private static long kubernetesQuantity(Object value) {
        String v = String.valueOf(value);
        int power = List.of("Ki", "Mi", "Gi").indexOf(v.length() > 2 ? v.substring(v.length() - 2) : v) + 1;
        if (power == 0) {
            throw new AssertionError("use a binary suffix (Ki, Mi, Gi) for memory: " + v);
        }
        return Long.parseLong(v.substring(0, v.length() - 2)) << (10 * power);
    }

    /** Quarkus' MemorySize: K, M, G, T are powers of 1024. */
    private static long quarkusMemorySize(String value) {
        String units = "KMGT";
        int shift = units.indexOf(Character.toUpperCase(value.charAt(value.length() - 1)));
        if (shift < 0) {
            return Long.parseLong(value);
        }
        return Long.parseLong(value.substring(0, value.length() - 1)) << (10 * (shift + 1));
    }

    @Test
    void datasetAndTrainingOwnSeparateDatabasesThatPostgresCreates() {
        String dataset = literalEnv("dataset-service").get("QUARKUS_DATASOURCE_JDBC_URL");
        String training = literalEnv("training-service").get("QUARKUS_DATASOURCE_JDBC_URL");
        assertNotEquals(dataset, training, "each service owns its schema through its own Flyway history");
        String init = String.valueOf(path(base.find("ConfigMap", "postgres-init").orElseThrow(), "data"));
        for (String url : List.of(dataset, training)) {
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertTrue(init.contains("CREATE DATABASE " + database + " "), "postgres-init does not create " + database);
        }
    }

    @Test
    void theTrainingServiceRollsOutAsOnePodOwningTheRegistry() {
        Map<String, Object> training = deployment("training-service");
        assertEquals(1, path(training, "spec", "replicas"));
        assertEquals("Recreate", path(training, "spec", "strategy", "type"),
                "two training pods would share the job queue and the ReadWriteOnce registry");
        for (String service : List.of("dataset-service", "feature-service", "scoring-service")) {
            assertEquals(0, path(deployment(service), "spec", "strategy", "rollingUpdate", "maxUnavailable"),
                    service + ": a rollout never drops below the serving capacity");
        }
    }

    @Test
    void thePlantOverlayRendersWithKubectl() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", root.resolve("k8s/overlays/plant").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(out)) {
            rendered.add(map(doc));
        }
        Map<String, Object> scoring = rendered.stream()
                .filter(o -> "Deployment".equals(o.get("kind")) && "scoring-service".equals(path(o, "metadata", "name")))
                .findFirst().orElseThrow();
        assertEquals(2, path(scoring, "spec", "replicas"));
        assertEquals("inspection", path(scoring, "metadata", "namespace"));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
