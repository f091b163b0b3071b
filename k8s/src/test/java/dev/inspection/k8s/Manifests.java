package dev.inspection.k8s;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of a kustomization's resource files, parsed as plain maps and lists. */
final class Manifests {

    private final List<Map<String, Object>> objects;
    private final Map<String, Object> kustomization;

    private Manifests(List<Map<String, Object>> objects, Map<String, Object> kustomization) {
        this.objects = objects;
        this.kustomization = kustomization;
    }

    static Manifests load(Path folder) throws IOException {
        Map<String, Object> kustomization = map(yaml().load(Files.readString(folder.resolve("kustomization.yaml"))));
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : list(kustomization.get("resources"))) {
            for (Object document : yaml().loadAll(Files.readString(folder.resolve((String) resource)))) {
                if (document != null) {
                    objects.add(map(document));
                }
            }
        }
        return new Manifests(objects, kustomization);
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** The literals of the kustomization's generated ConfigMaps (given to every service), by name. */
    Map<String, String> configMapLiterals() {
        Map<String, String> literals = new java.util.LinkedHashMap<>();
        for (Object generator : list(kustomization.get("configMapGenerator"))) {
            for (Object literal : list(map(generator).get("literals"))) {
                String[] kv = literal.toString().split("=", 2);
                literals.put(kv[0], kv[1]);
            }
        }
        return literals;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(path(o, "metadata", "name"))).findFirst();
    }

    /** Follows map keys; null when any step is missing. */
    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }
}
