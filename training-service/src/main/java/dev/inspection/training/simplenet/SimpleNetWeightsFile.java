package dev.inspection.training.simplenet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Binary file of the unfolded {@link SimpleNetWeights}, so a registry can keep the trained state
 * (re-export, audits) beside the ONNX head. Little-endian: magic {@code "SNW1"}, int featureDim,
 * int hiddenDim, double bnEps, double leakySlope, then the float arrays in constructor order
 * (adaptor weight, adaptor bias, hidden weight, hidden bias, gamma, beta, running mean, running
 * variance, output weight). Written atomically.
 */
public final class SimpleNetWeightsFile {

    private static final int MAGIC = 0x31574e53; // "SNW1" little-endian
    private static final int HEADER_BYTES = 4 + 4 + 4 + 8 + 8;

    private SimpleNetWeightsFile() {
    }

    public static void write(SimpleNetWeights w, Path target) throws IOException {
        float[][] arrays = arrays(w);
        long floats = 0;
        for (float[] a : arrays) {
            floats += a.length;
        }
        long bytes = HEADER_BYTES + 4 * floats;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weights of " + bytes + " bytes exceed one file buffer");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(w.featureDim()).putInt(w.hiddenDim()).putDouble(w.bnEps()).putDouble(w.leakySlope());
        for (float[] a : arrays) {
            buffer.asFloatBuffer().put(a);
            buffer.position(buffer.position() + 4 * a.length);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, buffer.array());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @throws IOException for a file that is not a SimpleNet weights file or has the wrong length */
    public static SimpleNetWeights read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() < HEADER_BYTES || buffer.getInt() != MAGIC) {
            throw new IOException(file + " is not a SimpleNet weights file (magic SNW1 missing)");
        }
        int d = buffer.getInt();
        int h = buffer.getInt();
        double bnEps = buffer.getDouble();
        double leakySlope = buffer.getDouble();
        if (d < 1 || h < 1) {
            throw new IOException(file + ": invalid dimensions " + d + " x " + h);
        }
        long expected = HEADER_BYTES + 4L * ((long) d * d + d + (long) h * d + 6L * h);
        if (buffer.capacity() != expected) {
            throw new IOException(file + " holds " + buffer.capacity() + " bytes, expected " + expected
                    + " for feature dim " + d + " and hidden dim " + h);
        }
        return new SimpleNetWeights(d, h, next(buffer, d * d), next(buffer, d), next(buffer, h * d), next(buffer, h),
                next(buffer, h), next(buffer, h), next(buffer, h), next(buffer, h), next(buffer, h), bnEps, leakySlope);
    }

    private static float[] next(ByteBuffer buffer, int count) {
        float[] out = new float[count];
        buffer.asFloatBuffer().get(out);
        buffer.position(buffer.position() + 4 * count);
        return out;
    }

    private static float[][] arrays(SimpleNetWeights w) {
        return new float[][] {w.adaptorWeight(), w.adaptorBias(), w.hiddenWeight(), w.hiddenBias(), w.bnGamma(),
                w.bnBeta(), w.bnRunningMean(), w.bnRunningVar(), w.outputWeight()};
    }
}
