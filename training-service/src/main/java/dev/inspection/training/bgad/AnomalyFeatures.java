package dev.inspection.training.bgad;

import java.util.List;

/**
 * The anomalous half of a BGAD training set: reduced rows and level masks of the known anomalies and
 * of the pseudo anomalies made from them.
 *
 * @param pseudoSource for each pseudo entry, the index of the known anomaly it was made from
 * @param knownIds     dataset ids of the known anomalies (to record and to exclude from evaluation)
 */
public record AnomalyFeatures(FeatureBank known, FeatureBank pseudo, int[] pseudoSource, List<String> knownIds,
                              List<String> knownDefectTypes) {

    public AnomalyFeatures {
        pseudoSource = pseudoSource.clone();
        knownIds = List.copyOf(knownIds);
        knownDefectTypes = List.copyOf(knownDefectTypes);
        if (pseudo.size() != pseudoSource.length) {
            throw new IllegalArgumentException("pseudo bank and source indices disagree in count");
        }
    }
}
