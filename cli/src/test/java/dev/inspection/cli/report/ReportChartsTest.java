package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.core.metrics.EvaluationReport;
import dev.inspection.core.metrics.F1Result;
import dev.inspection.core.metrics.PrCurve;
import dev.inspection.core.metrics.RocCurve;
import dev.inspection.core.metrics.ScoreHistogram;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ReportChartsTest {

    private static final EvaluationReport EVALUATION = ReportFixtures.input().evaluation();

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a decodable PNG");
        assertEquals(ChartFrame.WIDTH, image.getWidth());
        assertEquals(ChartFrame.HEIGHT, image.getHeight());
        return image;
    }

    private static int count(BufferedImage image, IntPredicate rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (rgb.test(image.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static IntPredicate exactly(Color color) {
        return rgb -> rgb == (color.getRGB() & 0xffffff);
    }

    private static int dark(BufferedImage image) {
        return count(image, rgb -> ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200);
    }

    @Test
    void rocShowsImageAndPixelCurvesAxesAndText() throws IOException {
        RocCurve pixelRoc = new RocCurve(new double[] {0, 0.2, 0.5, 1}, new double[] {0, 0.5, 0.8, 1},
                new double[] {Double.POSITIVE_INFINITY, 3, 2, 1});
        BufferedImage both = decode(ReportCharts.roc(EVALUATION.imageRoc(), 0.97, pixelRoc, 0.7));
        BufferedImage imageOnly = decode(ReportCharts.roc(EVALUATION.imageRoc(), 0.97,
                new RocCurve(new double[0], new double[0], new double[0]), Double.NaN));

        assertTrue(count(both, exactly(ReportCharts.IMAGE_COLOR)) > 300, "image curve drawn");
        assertTrue(count(both, exactly(ReportCharts.PIXEL_COLOR)) > 300, "pixel curve drawn");
        assertEquals(0, count(imageOnly, exactly(ReportCharts.PIXEL_COLOR)), "no pixel curve without points");
        assertTrue(dark(both) > 500, "axes, ticks and text drawn: " + dark(both));
    }

    @Test
    void prCurveMarksTheF1MaxPoint() throws IOException {
        F1Result f1 = EVALUATION.overall().imageF1();
        BufferedImage withMarker = decode(ReportCharts.precisionRecall(EVALUATION.imagePr(), f1, 0.6));
        BufferedImage without = decode(ReportCharts.precisionRecall(EVALUATION.imagePr(),
                new F1Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN), 0.6));

        assertTrue(count(withMarker, exactly(ReportCharts.IMAGE_COLOR)) > 300, "PR curve drawn");
        assertTrue(count(withMarker, exactly(ReportCharts.F1_COLOR)) > 60, "F1-max marker and legend dot");
        assertEquals(0, count(without, exactly(ReportCharts.F1_COLOR)));
    }

    @Test
    void histogramDrawsBothClassesAndTheThreshold() throws IOException {
        ScoreHistogram histogram = ScoreHistogram.of(new double[] {0.1, 0.2, 0.2, 0.3, 0.9, 1.0},
                new boolean[] {false, false, false, false, true, true}, 10);
        BufferedImage image = decode(ReportCharts.histogram(histogram, 0.6));

        int blue = count(image, rgb -> (rgb & 0xff) > ((rgb >> 16) & 0xff) + 60);
        int red = count(image, rgb -> ((rgb >> 16) & 0xff) > (rgb & 0xff) + 60);
        assertTrue(blue > 2000, "normal bars: " + blue);
        assertTrue(red > 1000, "anomalous bars: " + red);
        // The dashed threshold line at 0.6 runs down the middle of the plot.
        int x = (int) Math.round(62 + (0.6 - (0.1 - 0.036)) / (1.0 + 0.036 - (0.1 - 0.036)) * (480 - 62 - 18));
        int lineDark = 0;
        for (int y = 40; y < 300; y++) {
            for (int dx = -1; dx <= 1; dx++) {
                int rgb = image.getRGB(x + dx, y) & 0xffffff;
                if (((rgb >> 16) & 0xff) < 90 && ((rgb >> 8) & 0xff) < 90 && (rgb & 0xff) < 90) {
                    lineDark++;
                    break;
                }
            }
        }
        assertTrue(lineDark > 100, "threshold line pixels: " + lineDark);
    }

    @Test
    void histogramOfEqualScoresAndAThresholdOutsideTheRange() throws IOException {
        ScoreHistogram histogram = ScoreHistogram.of(new double[] {2, 2, 2}, new boolean[] {false, true, false}, 5);
        BufferedImage image = decode(ReportCharts.histogram(histogram, 5));
        assertTrue(count(image, rgb -> (rgb & 0xff) > ((rgb >> 16) & 0xff) + 60) > 200, "the single bar shows");
    }

    @Test
    void emptyOrBrokenInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ReportCharts.roc(
                new RocCurve(new double[0], new double[0], new double[0]), 0.5, null, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ReportCharts.precisionRecall(
                new PrCurve(new double[0], new double[0], new double[0]), null, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ReportCharts.histogram(EVALUATION.imageHistogram(),
                Double.NaN));
    }

    @Test
    void ticksAreRoundNumbers() {
        assertEquals(0.2, ChartFrame.niceStep(1.0), 1e-12);
        assertEquals(0.5, ChartFrame.niceStep(2.3), 1e-12);
        assertEquals(25, ChartFrame.niceStep(130), 1e-9);
        assertEquals("0.4", ChartFrame.formatTick(0.4000000001, 0.2));
        assertEquals("2.5", ChartFrame.formatTick(2.5, 2.5));
        assertEquals("0.0", ChartFrame.formatTick(-1e-17, 0.2));
        assertEquals("0", ChartFrame.formatTick(-1e-15, 1));
        assertEquals("150", ChartFrame.formatTick(150, 50));
    }
}
