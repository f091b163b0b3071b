package dev.inspection.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

class ElongatedImagesTest {

    private static void png(Path file, int width, int height) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    @Test
    void squareishNormalsKeepTheCenterCrop(@TempDir Path folder) throws Exception {
        png(folder.resolve("train/good/000.png"), 100, 100);
        png(folder.resolve("train/good/001.png"), 104, 100); // 4% off square: a crop loses nothing that matters
        png(folder.resolve("test/crack/000.png"), 300, 100);  // only the training images decide
        assertEquals(Optional.empty(), ElongatedImages.firstIn(folder));
    }

    @Test
    void anElongatedNormalIsNamedWithItsSize(@TempDir Path folder) throws Exception {
        png(folder.resolve("train/good/000.png"), 100, 100);
        png(folder.resolve("train/good/001.png"), 230, 120);
        Files.writeString(folder.resolve("train/good/notes.txt"), "not an image");
        Optional<String> found = ElongatedImages.firstIn(folder);
        assertTrue(found.isPresent());
        assertEquals("train/good/001.png is 230x120", found.get());
    }

    @Test
    void aFolderWithoutNormalsSaysNothing(@TempDir Path folder) {
        assertEquals(Optional.empty(), ElongatedImages.firstIn(folder));
    }
}
