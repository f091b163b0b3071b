package dev.inspection.dataset.domain;

/**
 * What a full decode established about an encoded image.
 *
 * @param channels 1 for gray, 3 for colour (alpha is not counted)
 */
public record ImageFacts(int width, int height, int channels, EncodedFormat format) {
}
