package dev.inspection.dataset.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.dataset.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvtecFolderScannerTest {
    @TempDir
    Path temp;

    @Test
    void scansBottleWithTheReadmeCounts() {
        Path bottle = SharedData.bottle();
        List<ScannedImage> images = new MvtecFolderScanner(new ImportPathGuard(List.of(SharedData.dir())), 10_000).scan(bottle);
        assertEquals(292, images.size());
        assertEquals(63, images.stream().filter(i -> i.mask() != null).count());
        Map<String, Long> perType = new TreeMap<>();
        images.forEach(i -> perType.merge(i.split() + "/" + i.defectType(), 1L, Long::sum));
        assertEquals(Map.of("TRAIN/good", 209L, "TEST/broken_large", 20L, "TEST/broken_small", 22L,
                "TEST/contamination", 21L, "TEST/good", 20L), perType);
        ScannedImage first = images.get(0);
        assertEquals("test/broken_large/000.png", first.relativePath());
        assertEquals(ImageLabel.ANOMALOUS, first.label());
        assertEquals("ground_truth/broken_large/000_mask.png", first.maskRelativePath());
        ScannedImage train = images.stream().filter(ScannedImage::trainGood).findFirst().orElseThrow();
        assertEquals(ImageLabel.NORMAL, train.label());
        assertNull(train.mask());
    }

    @Test
    void rejectsAMaskWithoutImage() throws IOException {
        Path folder = layout();
        Files.write(folder.resolve("ground_truth/crack/007_mask.png"), new byte[] {1});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> scanner().scan(folder));
        assertTrue(e.getMessage().startsWith("ground_truth/crack/007_mask.png"), e.getMessage());
    }

    @Test
    void rejectsUnexpectedFoldersAndFilesByName() throws IOException {
        Path folder = layout();
        Files.createDirectories(folder.resolve("train/bad"));
        assertTrue(assertThrows(InvalidInputException.class, () -> scanner().scan(folder)).getMessage().startsWith("train/bad"));
        Files.delete(folder.resolve("train/bad"));
        Files.writeString(folder.resolve("test/crack/notes.txt"), "x");
        assertTrue(assertThrows(InvalidInputException.class, () -> scanner().scan(folder)).getMessage()
                .startsWith("test/crack/notes.txt"));
    }

    @Test
    void skipsHiddenFilesAndPairsMasksByStem() throws IOException {
        Path folder = layout();
        Files.writeString(folder.resolve("train/good/.DS_Store"), "x");
        List<ScannedImage> images = scanner().scan(folder);
        assertEquals(List.of("test/crack/000.png", "test/good/000.png", "train/good/000.png"),
                images.stream().map(ScannedImage::relativePath).toList());
        assertEquals(folder.resolve("ground_truth/crack/000_mask.png"), images.get(0).mask());
    }

    @Test
    void reportsAFolderWithoutTheLayoutAsNotFound() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThrows(NotFoundException.class, () -> scanner().scan(empty));
    }

    @Test
    void enforcesTheFileLimit() throws IOException {
        Path folder = layout();
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> new MvtecFolderScanner(new ImportPathGuard(List.of(temp)), 3).scan(folder));
        assertTrue(e.getMessage().contains("more than 3 files"), e.getMessage());
    }

    private MvtecFolderScanner scanner() {
        return new MvtecFolderScanner(new ImportPathGuard(List.of(temp)), 100);
    }

    /** A minimal layout; file contents are irrelevant to the scanner. */
    private Path layout() throws IOException {
        Path folder = temp.resolve("cat");
        for (String dir : new String[] {"train/good", "test/good", "test/crack", "ground_truth/crack"}) {
            Files.createDirectories(folder.resolve(dir));
        }
        Files.write(folder.resolve("train/good/000.png"), new byte[] {1});
        Files.write(folder.resolve("test/good/000.png"), new byte[] {1});
        Files.write(folder.resolve("test/crack/000.png"), new byte[] {1});
        Files.write(folder.resolve("ground_truth/crack/000_mask.png"), new byte[] {1});
        return folder;
    }
}
