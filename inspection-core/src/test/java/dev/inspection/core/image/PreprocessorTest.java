package dev.inspection.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreprocessorTest {

    @Test
    void resizedSizeFollowsTorchvision() {
        PreprocessingSpec spec = PreprocessingSpec.centerCrop(329, 288);
        assertArrayEquals(new int[] {329, 329}, spec.resizedSize(448, 448));
        // int(329 * 640 / 480) = int(438.666) = 438: truncation, not rounding.
        assertArrayEquals(new int[] {438, 329}, spec.resizedSize(640, 480));
        assertArrayEquals(new int[] {329, 438}, spec.resizedSize(480, 640));
        assertArrayEquals(new int[] {50, 66}, PreprocessingSpec.centerCrop(50, 41).resizedSize(90, 120));
        assertArrayEquals(new int[] {224, 224}, PreprocessingSpec.whole(224).resizedSize(640, 480));
    }

    @Test
    void centerCropOffsetRoundsHalfToEven() {
        assertEquals(20, PreprocessingSpec.centerCropOffset(329, 288)); // round(20.5) = 20
        assertEquals(22, PreprocessingSpec.centerCropOffset(333, 288)); // round(22.5) = 22
        assertEquals(22, PreprocessingSpec.centerCropOffset(332, 288));
        assertEquals(12, PreprocessingSpec.centerCropOffset(66, 41)); // round(12.5) = 12
        assertEquals(4, PreprocessingSpec.centerCropOffset(50, 41)); // round(4.5) = 4
        assertEquals(2, PreprocessingSpec.centerCropOffset(46, 41)); // round(2.5) = 2
        assertEquals(4, PreprocessingSpec.centerCropOffset(48, 41)); // round(3.5) = 4
    }

    @Test
    void specValidation() {
        assertThrows(IllegalArgumentException.class, () -> PreprocessingSpec.centerCrop(200, 224));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessingSpec(PreprocessingSpec.Mode.RESIZE_WHOLE,
                256, 224, PreprocessingSpec.IMAGENET_MEAN, PreprocessingSpec.IMAGENET_STD));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessingSpec(
                PreprocessingSpec.Mode.RESIZE_CENTER_CROP, 256, 224, new float[2], PreprocessingSpec.IMAGENET_STD));
        assertThrows(IllegalArgumentException.class, () -> new PreprocessingSpec(
                PreprocessingSpec.Mode.RESIZE_CENTER_CROP, 256, 224, PreprocessingSpec.IMAGENET_MEAN, new float[3]));
        assertEquals(PreprocessingSpec.simpleNet(), PreprocessingSpec.centerCrop(329, 288));
        assertEquals(PreprocessingSpec.simpleNet().hashCode(), PreprocessingSpec.centerCrop(329, 288).hashCode());
    }

    @Test
    void resizeWholeIgnoresAspectRatio() {
        byte[] rgb = PillowResizeTest.pattern(60, 30, 3);
        Preprocessor preprocessor = new Preprocessor(PreprocessingSpec.whole(20));
        RgbImage out = preprocessor.resizeAndCropImage(new RgbImage(60, 30, rgb));
        assertArrayEquals(PillowResize.bilinear(rgb, 60, 30, 3, 20, 20), out.rgb());
        float[] tensor = preprocessor.preprocess(new RgbImage(60, 30, rgb));
        assertEquals(3 * 20 * 20, tensor.length);
        int v = out.rgb()[(5 * 20 + 7) * 3 + 2] & 0xff;
        assertEquals(((float) v / 255f - 0.406f) / 0.225f, tensor[2 * 400 + 5 * 20 + 7]);
    }

    @Test
    void preprocessRejectsTooSmallDestination() {
        Preprocessor preprocessor = new Preprocessor(PreprocessingSpec.whole(16));
        RgbImage image = new RgbImage(20, 20, new byte[20 * 20 * 3]);
        assertThrows(IndexOutOfBoundsException.class, () -> preprocessor.preprocess(image, new float[3 * 256], 1));
    }

    @Test
    void maskIsAlignedWithTheImageAndStaysBinary() {
        // A defect square in a 120x90 mask; image pipeline: resize to 66x50, crop 41 at (12, 4).
        int width = 120;
        int height = 90;
        byte[] mask = new byte[width * height];
        for (int y = 30; y < 60; y++) {
            for (int x = 50; x < 80; x++) {
                mask[y * width + x] = (byte) 255;
            }
        }
        PreprocessingSpec spec = PreprocessingSpec.centerCrop(50, 41);
        byte[] aligned = Preprocessor.preprocessMask(mask, width, height, spec);
        assertEquals(41 * 41, aligned.length);
        byte[] fullNearest = PillowResize.nearest(mask, width, height, 1, 66, 50);
        int defect = 0;
        for (int y = 0; y < 41; y++) {
            for (int x = 0; x < 41; x++) {
                byte value = aligned[y * 41 + x];
                assertTrue(value == 0 || value == (byte) 255, "binary mask");
                assertEquals(fullNearest[(y + 4) * 66 + x + 12], value);
                defect += value != 0 ? 1 : 0;
            }
        }
        // 30x30 source pixels scale by 50/90 on both axes: about 16.7 x 16.7 output pixels.
        assertTrue(defect >= 15 * 15 && defect <= 18 * 18, "defect area " + defect);

        byte[] bilinear = new Preprocessor(spec).preprocessMask(mask, width, height, MaskResampling.BILINEAR);
        boolean intermediate = false;
        for (byte b : bilinear) {
            intermediate |= b != 0 && b != (byte) 255;
        }
        assertTrue(intermediate, "BILINEAR (SimpleNet's quirk) blurs the mask border");
        assertThrows(InvalidImageException.class, () -> Preprocessor.preprocessMask(new byte[10], 4, 4, spec));
    }

    @Test
    void anEncodedMaskAlignsLikeItsGrayPixels() throws Exception {
        int w = 90;
        int h = 120;
        java.awt.image.BufferedImage mask = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        byte[] gray = new byte[w * h];
        for (int y = 30; y < 70; y++) {
            for (int x = 10; x < 45; x++) {
                gray[y * w + x] = (byte) 255;
            }
        }
        mask.getRaster().setDataElements(0, 0, w, h, gray);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(mask, "png", png);
        Preprocessor aligner = new Preprocessor(PreprocessingSpec.centerCrop(50, 41));
        byte[] aligned = aligner.preprocessEncodedMask(new ImageDecoder(), png.toByteArray(), "mask");
        assertArrayEquals(aligner.preprocessMask(gray, w, h), aligned);
        assertEquals(41 * 41, aligned.length);
        int defect = 0;
        for (byte b : aligned) {
            defect += b != 0 ? 1 : 0;
        }
        assertTrue(defect > 0 && defect < aligned.length, "the defect survives the crop, partly");
    }
}
