package dev.inspection.feature.extraction;

import dev.inspection.core.image.PixelFormat;

/** An image as a request carries it: encoded file bytes, or raw 8-bit pixels. */
public sealed interface ImageInput {

    /** Client-side name for messages ("" when none). */
    String name();

    /** PNG, JPEG or BMP file bytes. */
    record Encoded(byte[] bytes, String name) implements ImageInput {
    }

    /** Uncompressed pixels, row-major, interleaved. */
    record Raw(PixelFormat format, int width, int height, byte[] pixels, String name) implements ImageInput {
    }
}
