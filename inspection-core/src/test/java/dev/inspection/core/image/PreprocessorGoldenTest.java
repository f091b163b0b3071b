package dev.inspection.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.tensor.FloatTensor;
import dev.inspection.core.tensor.RawTensorFiles;
import dev.inspection.core.tensor.SharedTestData;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Decode + preprocess the MVTec bottle image and compare with PyTorch's golden288 input. */
class PreprocessorGoldenTest {

    @Test
    void bottleImageMatchesTorchvisionPreprocessingExactly() throws Exception {
        byte[] png = Files.readAllBytes(SharedTestData.data("mvtec_ad/bottle/test/broken_large/000.png"));
        RgbImage image = new ImageDecoder().decode(png, "bottle/test/broken_large/000.png");
        assertEquals(448, image.width());
        assertEquals(448, image.height());

        Preprocessor preprocessor = new Preprocessor(PreprocessingSpec.simpleNet());
        // Write at an offset inside a batch buffer to exercise the offset contract.
        int perImage = preprocessor.floatsPerImage();
        float[] batch = new float[2 * perImage];
        preprocessor.preprocess(image, batch, perImage);

        FloatTensor golden = RawTensorFiles.readF32(SharedTestData.golden("golden288.input.f32"), 1, 3, 288, 288);
        float[] expected = golden.data();
        float[] std = PreprocessingSpec.IMAGENET_STD;
        double maxDiff = 0;
        double maxLevels = 0;
        int mismatches = 0;
        for (int i = 0; i < perImage; i++) {
            int channel = i / (288 * 288);
            double diff = Math.abs(batch[perImage + i] - expected[i]);
            maxDiff = Math.max(maxDiff, diff);
            maxLevels = Math.max(maxLevels, diff * 255 * std[channel]);
            if (diff != 0) {
                mismatches++;
            }
            assertTrue(diff <= (1.0 / 255) / std[channel] + 1e-6,
                    "element " + i + " differs by more than one 8-bit level: " + diff);
        }
        System.out.printf("golden288 preprocessing: max |diff| = %.3g (%.3f levels), %d of %d elements differ%n",
                maxDiff, maxLevels, mismatches, perImage);
        // The Pillow port is bit-exact, so the float32 arithmetic must be too.
        assertEquals(0, mismatches, "preprocessing should be bit-exact; max diff " + maxDiff);
        for (int i = 0; i < perImage; i++) {
            assertEquals(0f, batch[i], "floats before the offset must stay untouched");
        }
    }

    @Test
    void resizeAndCropImageIsTheDenormalisedInput() throws Exception {
        byte[] png = Files.readAllBytes(SharedTestData.data("mvtec_ad/bottle/test/broken_large/000.png"));
        RgbImage image = new ImageDecoder().decode(png);
        Preprocessor preprocessor = new Preprocessor(PreprocessingSpec.simpleNet());
        RgbImage cropped = preprocessor.resizeAndCropImage(image);
        float[] tensor = preprocessor.preprocess(image);
        float[] mean = PreprocessingSpec.IMAGENET_MEAN;
        float[] std = PreprocessingSpec.IMAGENET_STD;
        int[] samplePixels = {0, 287, 288 * 144 + 100, 288 * 288 - 1};
        for (int pixel : samplePixels) {
            for (int c = 0; c < 3; c++) {
                int v = cropped.rgb()[pixel * 3 + c] & 0xff;
                assertEquals(((float) v / 255f - mean[c]) / std[c], tensor[c * 288 * 288 + pixel]);
            }
        }
        assertArrayEquals(new int[] {288, 288}, new int[] {cropped.width(), cropped.height()});
    }
}
