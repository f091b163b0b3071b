package dev.inspection.dataset.domain;

/** Produces the encoded bytes of a validated image when they are written (not held in memory before). */
@FunctionalInterface
public interface ImageSource {
    byte[] load();
}
