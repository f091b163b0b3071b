package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a report in headless Chromium (Debian's {@code chromium}; scripts/ensure-tools.sh installs
 * it): every image must load, and a screenshot must show more than a blank page.
 */
class ReportBrowserTest {

    private static final Pattern IMAGES_LOADED = Pattern.compile("data-images-loaded=\"(\\d+)/(\\d+)\"");
    private static final Pattern IMG_TAG = Pattern.compile("<img\\b");

    @TempDir
    Path dir;

    @Test
    void everyImageLoadsAndThePageRenders() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(dir).orElseThrow(() -> new AssertionError(
                "chromium is not installed; run scripts/ensure-tools.sh (apt-get install chromium)"));
        Path html = new ReportWriter().write(ReportFixtures.input(), dir.resolve("report")).html();

        String dom = chromium.dumpDom(html);

        Matcher loaded = IMAGES_LOADED.matcher(dom);
        assertTrue(loaded.find(), "the load script did not mark the body");
        int imgTags = (int) IMG_TAG.matcher(dom).results().count();
        // 3 charts + per card an overlay and a heatmap, and a mask for the 12 anomalous images.
        assertEquals(3 + 20 * 2 + 12, imgTags);
        assertEquals(imgTags + "/" + imgTags, loaded.group(1) + "/" + loaded.group(2));

        Path screenshot = chromium.screenshot(html, 1280, 2000);
        assertTrue(Files.size(screenshot) > 10_000, "screenshot size " + Files.size(screenshot));
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertNotNull(shot, "screenshot is not a PNG");
        assertEquals(1280, shot.getWidth());
        assertTrue(distinctColours(shot) > 200, "screenshot looks blank: " + distinctColours(shot) + " colours");
        keepForInspection(html, screenshot);
    }

    /** Leaves the page and its screenshot in target/ for a person to look at. */
    private static void keepForInspection(Path html, Path screenshot) throws java.io.IOException {
        Path kept = Path.of("target", "report-browser-test");
        Files.createDirectories(kept);
        Files.copy(html, kept.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(screenshot, kept.resolve("page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.BitSet seen = new java.util.BitSet(1 << 24);
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.set(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.cardinality();
    }
}
