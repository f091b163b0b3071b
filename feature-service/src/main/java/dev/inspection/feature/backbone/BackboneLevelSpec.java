package dev.inspection.feature.backbone;

/** One output of a backbone graph: its name, channel count and stride in input pixels. */
public record BackboneLevelSpec(String name, int channels, int stride) {

    /**
     * Grid size of this level for an input side, for backbones that halve with
     * {@code floor((s - 1) / 2) + 1} per stride-2 stage (ResNet: conv1, max pool, then one per stage).
     */
    public int gridSize(int inputSide) {
        int s = inputSide;
        for (int f = stride; f > 1; f >>= 1) {
            s = (s - 1) / 2 + 1;
        }
        return s;
    }
}
