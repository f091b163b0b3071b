package dev.inspection.feature.extraction;

import java.util.List;

/**
 * Which features a request wants: SimpleNet patch embeddings, raw level maps (for BGAD), or both.
 *
 * @param patchEmbeddings whether to aggregate patch embeddings
 * @param levels          level maps to return as they are (empty = none)
 */
public record OutputSelection(boolean patchEmbeddings, List<String> levels) {

    public OutputSelection {
        levels = List.copyOf(levels);
        if (!patchEmbeddings && levels.isEmpty()) {
            throw new IllegalArgumentException("nothing to extract: ask for patch embeddings or at least one level");
        }
    }

    public static OutputSelection patchEmbeddingsOnly() {
        return new OutputSelection(true, List.of());
    }
}
