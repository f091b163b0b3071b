package dev.inspection.training.pipeline;

import java.io.IOException;

/**
 * Patch embeddings of a set of images, read one image at a time (a category's training features do
 * not have to sit in memory twice). Rows of an image are ordered {@code y * gridWidth + x}.
 */
public interface FeatureRows {

    int images();

    /** Rows per image ({@code gridHeight * gridWidth}). */
    int rowsPerImage();

    /** Embedding size (1536). */
    int dim();

    /** Copies image {@code index}'s {@code rowsPerImage * dim} floats into {@code dest} at {@code offset}. */
    void read(int index, float[] dest, int offset) throws IOException;
}
