package dev.inspection.training.bgad;

/** One backbone level's map shape {@code [channels, height, width]}. */
public record LevelShape(int channels, int height, int width) {

    public LevelShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("level shape must be positive, got [" + channels + ", " + height + ", "
                    + width + "]");
        }
    }

    public int positions() {
        return height * width;
    }
}
