/**
 * Backbone feature post-processing: {@link dev.inspection.core.features.PatchAggregator} turns the
 * ResNet {@code layer2}/{@code layer3} maps into SimpleNet's per-patch embeddings
 * (methods.md §1.3, closed form in the golden README).
 */
package dev.inspection.core.features;
