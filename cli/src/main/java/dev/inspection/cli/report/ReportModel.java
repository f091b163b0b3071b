package dev.inspection.cli.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model a report evaluates.
 *
 * @param name         model name
 * @param version      registry version
 * @param method       method ("simplenet" or "bgad")
 * @param manifestJson the model manifest as JSON text (the caller's pretty-printed protobuf JSON); it
 *                     is embedded in the JSON report as an object and shown verbatim in the HTML
 * @param keyFields    manifest fields worth a glance (backbone, layers, seed, ...), in display order
 */
public record ReportModel(String name, String version, String method, String manifestJson,
                          Map<String, String> keyFields) {

    public ReportModel {
        ReportChecks.requireText("model name", name);
        ReportChecks.requireText("model version", version);
        ReportChecks.requireText("model method", method);
        ReportChecks.requireText("model manifest JSON", manifestJson);
        if (keyFields == null) {
            throw new IllegalArgumentException("model key fields are null (pass an empty map for none)");
        }
        keyFields.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("model key fields hold a null key or value: " + key + "=" + value);
            }
        });
        keyFields = Collections.unmodifiableMap(new LinkedHashMap<>(keyFields));
    }
}
