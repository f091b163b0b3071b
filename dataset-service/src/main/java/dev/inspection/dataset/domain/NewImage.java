package dev.inspection.dataset.domain;

/**
 * A validated image ready to be added to a dataset.
 *
 * @param imageId SHA-256 (hex) of the encoded bytes
 * @param source the encoded bytes, loaded at write time
 * @param maskId SHA-256 of {@code maskPng}, or null without a mask
 * @param maskPng the 8-bit gray mask PNG, or null
 */
public record NewImage(String imageId, ImageFacts facts, ImageSource source, ImageSplit split, ImageLabel label,
                       String defectType, String sourceName, String maskId, byte[] maskPng, String labelledBy) {
}
