package dev.inspection.core.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    // FIPS 180-2 test vector
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void bytesGiveTheStandardDigestInLowercaseHex() {
        assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EMPTY, Sha256.hex(new byte[0]));
    }

    @Test
    void aFileLargerThanTheBufferDigestsLikeItsBytes(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[200_003];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Path file = Files.write(dir.resolve("blob.bin"), bytes);
        assertEquals(Sha256.hex(bytes), Sha256.hex(file));
        assertEquals(EMPTY, Sha256.hex(Files.write(dir.resolve("empty.bin"), new byte[0])));
    }

    @Test
    void anIncrementalDigestEqualsTheOneShotDigest() {
        MessageDigest digest = Sha256.newDigest();
        digest.update("a".getBytes(StandardCharsets.US_ASCII));
        digest.update("bc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ABC, Sha256.hex(digest));
    }

    @Test
    void anyAlgorithmStreamsThroughTheSameLoop(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("abc.txt"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d",
                HexFormat.of().formatHex(Sha256.digest(file, MessageDigest.getInstance("SHA-1"))));
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Sha256.hex(dir.resolve("absent.onnx")));
    }
}
