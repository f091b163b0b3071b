package dev.inspection.cli;

import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.GroupCount;
import dev.inspection.api.dataset.v1.Label;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main job's BGAD settings from the imported dataset's labels: BGAD trains on a few labelled
 * anomalies with masks (the known anomalies) and those are left out of the evaluation, so the main
 * job asks for at most a third of the masked anomalies (and never more than the preset's 10), which
 * keeps most defects for the report. A value the user set wins.
 */
final class BgadSettings {

    /** The BGAD presets' number of known anomalies. */
    static final int PRESET_KNOWN_ANOMALIES = 10;
    static final String KNOWN_ANOMALIES = "known_anomalies";

    private BgadSettings() {
    }

    /** Labelled anomalies that have a mask, over every split. */
    static long maskedAnomalies(DatasetStatistics stats) {
        long masked = 0;
        for (GroupCount g : stats.getGroupsList()) {
            if (g.getLabel() == Label.ANOMALOUS) {
                masked += Math.min(g.getImages(), g.getMasks());
            }
        }
        return masked;
    }

    /** How many known anomalies to train on: a third of the masked anomalies, between 1 and the preset's. */
    static int knownAnomalies(long maskedAnomalies) {
        if (maskedAnomalies < 1) {
            throw new IllegalArgumentException("BGAD needs at least one labelled anomaly with a mask");
        }
        return (int) Math.max(1, Math.min(PRESET_KNOWN_ANOMALIES, maskedAnomalies / 3));
    }

    /**
     * The user's overrides plus {@link #KNOWN_ANOMALIES} from the labels unless the user set it (in
     * snake_case or camelCase).
     */
    static Map<String, String> overrides(Map<String, String> user, DatasetStatistics stats) {
        if (user.containsKey(KNOWN_ANOMALIES) || user.containsKey("knownAnomalies")) {
            return user;
        }
        Map<String, String> out = new LinkedHashMap<>(user);
        out.put(KNOWN_ANOMALIES, Integer.toString(knownAnomalies(maskedAnomalies(stats))));
        return out;
    }

    /** One line for the console: how many known anomalies of how many masked ones. */
    static String describe(Map<String, String> overrides, DatasetStatistics stats) {
        String known = overrides.getOrDefault(KNOWN_ANOMALIES, overrides.get("knownAnomalies"));
        return "BGAD trains on " + known + " of the " + maskedAnomalies(stats) + " labelled anomalies with masks "
                + "(the known anomalies; the evaluation leaves them out)";
    }
}
