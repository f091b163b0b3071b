package dev.inspection.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service module declares: the keys of its application.properties and the
 * properties of its {@code @ConfigMapping} interfaces, read from the module's sources (this module
 * must not depend on the services' jars). Used to prove that every environment variable a manifest
 * sets is one the service reads.
 */
final class ServiceConfigKeys {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w<>, ?.]+)\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)\\s*\\{");
    private static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}|^(\\d+)$");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::[^}]*)?}");

    private final Set<String> keys;
    private final Set<String> placeholders;
    private final Properties properties;

    private ServiceConfigKeys(Set<String> keys, Set<String> placeholders, Properties properties) {
        this.keys = keys;
        this.placeholders = placeholders;
        this.properties = properties;
    }

    static ServiceConfigKeys of(Path module) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Set<String> keys = new TreeSet<>();
        Set<String> placeholders = new TreeSet<>();
        for (String name : properties.stringPropertyNames()) {
            keys.add(name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name);
            // "${TRAINING_DB_URL:jdbc:...}": the service reads that variable too
            Matcher placeholder = PLACEHOLDER.matcher(properties.getProperty(name));
            while (placeholder.find()) {
                placeholders.add(placeholder.group(1));
            }
        }
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                Matcher prefix = PREFIX.matcher(text);
                if (prefix.find()) {
                    keys.addAll(mappingKeys(prefix.group(1), text.substring(prefix.end())));
                }
            }
        }
        return new ServiceConfigKeys(keys, placeholders, properties);
    }

    /** Keys of a mapping interface: top-level methods, and one level of nested group interfaces. */
    private static List<String> mappingKeys(String prefix, String body) {
        Matcher nested = NESTED.matcher(body);
        nested.find(); // the mapping interface itself
        int bodyStart = nested.end();
        Map<String, String> groups = new java.util.HashMap<>();
        int firstGroup = body.length();
        while (nested.find()) {
            firstGroup = Math.min(firstGroup, nested.start());
            int end = body.indexOf('}', nested.end());
            groups.put(nested.group(1), body.substring(nested.end(), end));
        }
        List<String> keys = new ArrayList<>();
        Matcher method = METHOD.matcher(body.substring(bodyStart, firstGroup));
        while (method.find()) {
            String type = method.group(1).trim();
            String key = prefix + "." + kebab(method.group(2));
            String group = groups.get(type);
            if (group == null) {
                keys.add(key);
            } else {
                Matcher inner = METHOD.matcher(group);
                while (inner.find()) {
                    keys.add(key + "." + kebab(inner.group(2)));
                }
            }
        }
        return keys;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** MicroProfile Config's environment form of a key: non-alphanumerics to '_', upper case. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    boolean readsEnvironment(String name) {
        return placeholders.contains(name) || keys.stream().anyMatch(k -> environmentName(k).equals(name));
    }

    /** The default of {@code quarkus.http.port} ("${FEATURE_SERVICE_PORT:8082}" -> 8082). */
    int defaultHttpPort() {
        String value = properties.getProperty("quarkus.http.port", "8080").trim();
        Matcher m = DEFAULT_PORT.matcher(value);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the default of quarkus.http.port: " + value);
        }
        return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }
}
