package dev.inspection.feature.backbone;

/** One output of a backbone graph: its name, channel count and stride in input pixels. */
public record BackboneLevelSpec(String name, int channels, int stride) {
}
