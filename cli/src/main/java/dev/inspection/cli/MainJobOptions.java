package dev.inspection.cli;

import dev.inspection.api.model.v1.Method;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the main job runs on.
 *
 * @param folder      MVTec-layout dataset folder (absolute)
 * @param datasetName dataset name in the dataset service
 * @param home        repository root with the built modules
 * @param stateDir    database, logs, models, caches and reports
 * @param sharedDir   the shared folder (the default backbone is read from it when present)
 * @param backbone    explicit backbone ONNX file, or null to locate or provision the default one
 * @param ports       port per service name (dataset-service, feature-service, training-service, scoring-service)
 * @param dbPort      embedded PostgreSQL port, 0 for a free one
 * @param method      SIMPLENET or BGAD
 * @param preset      training preset ("cpu" or "paper")
 * @param overrides   preset overrides by name (e.g. steps=200)
 * @param seed        training seed
 * @param clients     concurrent scoring clients
 * @param resizeWhole resize whole images to the network input instead of a center crop (elongated parts)
 */
public record MainJobOptions(Path folder, String datasetName, Path home, Path stateDir, Path sharedDir, Path backbone,
                             Map<String, Integer> ports, int dbPort, Method method, String preset,
                             Map<String, String> overrides, long seed, int clients,
                             boolean resizeWhole) {

    public MainJobOptions {
        for (String service : MainJob.SERVICES) {
            Integer port = ports.get(service);
            if (port == null || port < 1 || port > 65535) {
                throw new CliException(ExitCodes.USAGE, "no valid port for " + service + ": " + port);
            }
        }
        if (ports.values().stream().distinct().count() != ports.size()) {
            throw new CliException(ExitCodes.USAGE, "the services need four different ports, got " + ports);
        }
        if (method != Method.SIMPLENET && method != Method.BGAD) {
            throw new CliException(ExitCodes.USAGE, "method must be SIMPLENET or BGAD, got " + method);
        }
        if (clients < 1) {
            throw new CliException(ExitCodes.USAGE, "--clients must be >= 1, got " + clients);
        }
        ports = Map.copyOf(ports);
        overrides = Map.copyOf(overrides);
    }
}
