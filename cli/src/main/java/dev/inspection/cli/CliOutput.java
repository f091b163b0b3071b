package dev.inspection.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.inspection.api.model.v1.DefectTypeMetrics;
import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.scoring.v1.DefectRegion;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.training.v1.ModelSummary;
import dev.inspection.api.training.v1.TrainingJob;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the commands print results: aligned lines for people, protobuf JSON ({@code --json}) for machines. */
public final class CliOutput {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private CliOutput() {
    }

    /** A message as protobuf JSON (lowerCamelCase names, zero values included). */
    public static String json(MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Messages as a JSON array. */
    public static String jsonArray(List<? extends MessageOrBuilder> messages) {
        return messages.stream().map(CliOutput::json).collect(Collectors.joining(",\n", "[", "]"));
    }

    public static String jobHeader() {
        return String.format(Locale.ROOT, "%-36s %-24s %-9s %-10s %-12s %8s %s", "job", "model", "method", "state",
                "phase", "version", "created");
    }

    public static String job(TrainingJob j) {
        String line = String.format(Locale.ROOT, "%-36s %-24s %-9s %-10s %-12s %8s %s", j.getId(), j.getModelName(),
                lower(j.getMethod().name()), j.getState(), j.getState().name().equals("RUNNING") ? lower(j.getPhase().name()) : "",
                j.getRegisteredVersion() == 0 ? "" : "v" + j.getRegisteredVersion(), instant(j.getCreatedAt()));
        return j.getError().isEmpty() ? line : line + "\n  error: " + j.getError();
    }

    public static String modelHeader() {
        return String.format(Locale.ROOT, "%-28s %-9s %7s %7s", "model", "method", "latest", "active");
    }

    public static String model(ModelSummary m) {
        return String.format(Locale.ROOT, "%-28s %-9s %7s %7s", m.getModelName(), lower(m.getMethod().name()),
                "v" + m.getLatestVersion(), m.getActiveVersion() == 0 ? "-" : "v" + m.getActiveVersion());
    }

    public static String versionHeader() {
        return String.format(Locale.ROOT, "%-8s %-6s %-10s %9s %9s %7s %7s %6s  %s", "version", "active", "method",
                "img AUROC", "pix AUROC", "PRO", "F1-max", "images", "created");
    }

    public static String version(ModelVersion v) {
        Metrics m = v.getManifest().getMetrics();
        return String.format(Locale.ROOT, "%-8s %-6s %-10s %9s %9s %7s %7s %6d  %s", "v" + v.getVersion(),
                v.getActive() ? "yes" : "", lower(v.getManifest().getMethod().name()), figure(m.getImageAuroc()),
                figure(m.getPixelAuroc()), figure(m.getPro()), figure(m.getImageF1Max()), m.getImages(),
                instant(v.getManifest().getCreatedAt()));
    }

    /** The metrics as a small table: overall, then one line per defect type. */
    public static String metrics(Metrics m) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-20s %6s %9s %9s %7s%n", "", "images", "img AUROC", "pix AUROC", "PRO"));
        s.append(String.format(Locale.ROOT, "%-20s %6d %9s %9s %7s%n", "all", m.getImages(), figure(m.getImageAuroc()),
                figure(m.getPixelAuroc()), figure(m.getPro())));
        for (Map.Entry<String, DefectTypeMetrics> e : new java.util.TreeMap<>(m.getPerDefectTypeMap()).entrySet()) {
            DefectTypeMetrics t = e.getValue();
            s.append(String.format(Locale.ROOT, "%-20s %6d %9s %9s %7s%n", e.getKey(), t.getImages(),
                    figure(t.getImageAuroc()), figure(t.getPixelAuroc()), figure(t.getPro())));
        }
        s.append(String.format(Locale.ROOT, "image F1-max %s at raw threshold %.6g; accuracy at the calibrated threshold %s",
                figure(m.getImageF1Max()), m.getImageF1Threshold(), figure(m.getImageAccuracyAtThreshold())));
        return s.toString();
    }

    /** One scored image: name, score, verdict, then its regions (bounding box, area, peak). */
    public static String score(String name, ScoreResponse r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-40s score %.4f (raw %.6g, threshold %.6g) %s",
                name, r.getScore(), r.getRawScore(), r.getThreshold(), r.getVerdict()));
        for (DefectRegion g : r.getRegionsList()) {
            s.append(String.format(Locale.ROOT, "%n  region x=%d y=%d w=%d h=%d area=%d peak=%.3f", g.getX(), g.getY(),
                    g.getWidth(), g.getHeight(), g.getArea(), g.getPeakScore()));
        }
        return s.toString();
    }

    /** A metric with 4 decimals, or "-" when it was not measured (NaN, e.g. pixel metrics without masks). */
    static String figure(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String instant(Timestamp t) {
        return t.getSeconds() == 0 && t.getNanos() == 0 ? "" : Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
