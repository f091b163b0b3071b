package dev.inspection.training.simplenet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimpleNetWeightsFileTest {

    @Test
    void roundTripIsExact(@TempDir Path dir) throws IOException {
        SimpleNetWeights w = SimpleNetWeights.initialize(12, 7, 1e-5, 0.2, new SplittableRandom(2));
        Path file = dir.resolve("w.bin");
        SimpleNetWeightsFile.write(w, file);
        SimpleNetWeights r = SimpleNetWeightsFile.read(file);
        assertEquals(12, r.featureDim());
        assertEquals(7, r.hiddenDim());
        assertEquals(1e-5, r.bnEps());
        assertEquals(0.2, r.leakySlope());
        assertArrayEquals(w.adaptorWeight(), r.adaptorWeight());
        assertArrayEquals(w.hiddenBias(), r.hiddenBias());
        assertArrayEquals(w.bnRunningVar(), r.bnRunningVar());
        assertArrayEquals(w.outputWeight(), r.outputWeight());
    }

    @Test
    void rejectsForeignAndTruncatedFiles(@TempDir Path dir) throws IOException {
        Path foreign = dir.resolve("x.bin");
        Files.write(foreign, new byte[40]);
        assertThrows(IOException.class, () -> SimpleNetWeightsFile.read(foreign));
        Path file = dir.resolve("w.bin");
        SimpleNetWeightsFile.write(SimpleNetWeights.initialize(4, 3, 1e-5, 0.2, new SplittableRandom(1)), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThrows(IOException.class, () -> SimpleNetWeightsFile.read(file));
    }
}
