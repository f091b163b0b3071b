package dev.inspection.dataset.persistence;

/** What adding a batch of images to a dataset changed. */
public record WriteResult(long imagesAdded, long imagesUnchanged, long masksAdded) {
}
