package dev.inspection.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHtmlTest {

    private static final Pattern SRC_OR_HREF = Pattern.compile("\\b(src|href)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern IMG_TAG = Pattern.compile("<img\\b");
    private static final Pattern CARD = Pattern.compile("<article class=\"card (\\w+)\">\\s*<h3><span[^>]*>\\w+</span>([^<]*)</h3>");

    @TempDir
    Path dir;

    private String html(ReportWriter writer, ReportInput input) throws IOException {
        return Files.readString(writer.write(input, dir).html(), StandardCharsets.UTF_8);
    }

    @Test
    void pageIsSelfContained() throws IOException {
        String html = html(new ReportWriter(), ReportFixtures.input());

        Matcher m = SRC_OR_HREF.matcher(html);
        int links = 0;
        while (m.find()) {
            links++;
            assertTrue(m.group(2).startsWith("data:image/"), "external resource: " + m.group(2).substring(0,
                    Math.min(80, m.group(2).length())));
        }
        assertEquals(3 + 20 * 2 + 12, links);
        assertFalse(html.contains("http://") || html.contains("https://"), "no web URLs at all");
        assertTrue(html.contains("Content-Security-Policy"));
        assertTrue(html.contains("document.body.dataset.imagesLoaded"));
        assertTrue(html.contains("<details>") && html.contains("&quot;sha256&quot;: &quot;ab12&quot;"),
                "manifest shown escaped in a details block");
    }

    @Test
    void knownAnomaliesLeftOutOfTheMetricsAreNamedOnThePageAndInTheJson() throws IOException {
        ReportInput base = ReportFixtures.input();
        assertFalse(html(new ReportWriter(), base).contains("known anomalies"), "nothing excluded, nothing said");

        ReportInput bgad = new ReportInput(base.title(), base.createdAt(), new ReportDataset(base.dataset().name(),
                base.dataset().category(), base.dataset().snapshotId(), List.of("test/crack/003.png", "test/cut/001.png")),
                base.model(), base.evaluation(), base.decisionThreshold(), base.images(), base.timings());
        ReportWriter.ReportFiles files = new ReportWriter().write(bgad, dir);
        String html = Files.readString(files.html(), StandardCharsets.UTF_8);
        assertTrue(html.contains("2 known anomalies the model was trained on are excluded from every metric"), html);
        assertTrue(html.contains("test/crack/003.png, test/cut/001.png"));
        JsonNode json = new ObjectMapper().readTree(files.json().toFile());
        assertEquals(List.of("test/crack/003.png", "test/cut/001.png"),
                List.of(json.at("/dataset/excluded_known_anomalies/0").asText(),
                        json.at("/dataset/excluded_known_anomalies/1").asText()));
    }

    @Test
    void galleryStartsWithTheMistakes() throws IOException {
        String html = html(new ReportWriter(), ReportFixtures.input());

        Matcher cards = CARD.matcher(html);
        assertTrue(cards.find());
        assertEquals("fp", cards.group(1));
        assertEquals("good/n000.png", cards.group(2));
        assertTrue(cards.find());
        assertEquals("fn", cards.group(1));
        assertEquals("broken_large/a000.png", cards.group(2));
        int remaining = 0;
        while (cards.find()) {
            assertTrue(List.of("tp", "tn").contains(cards.group(1)), cards.group(1));
            remaining++;
        }
        assertEquals(18, remaining);
        assertTrue(html.contains("1 false positive (highest scores first), then 1 false negative"));
    }

    @Test
    void galleryIsCappedButTheJsonListsEveryImage() throws IOException {
        ReportInput input = ReportFixtures.input();
        String html = html(new ReportWriter(5, 64), input);

        assertEquals(5, CARD.matcher(html).results().count());
        assertTrue(html.contains("Showing the first 5 of 20 test images"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(20, json.get("images").size());
        assertEquals(5, json.at("/gallery/shown").asInt());
        assertTrue(json.get("images").get(4).get("in_gallery").asBoolean());
        assertFalse(json.get("images").get(5).get("in_gallery").asBoolean());
        // 3 charts; n000 (FP, no mask), a000 (FN), then 3 more cards.
        long images = IMG_TAG.matcher(html).results().count();
        assertTrue(images >= 3 + 5 * 2 && images <= 3 + 5 * 3, "images " + images);
    }

    @Test
    void textIsEscaped() throws IOException {
        ReportInput base = ReportFixtures.input();
        ReportInput input = new ReportInput("<script>alert(1)</script> & \"co\"", base.createdAt(), base.dataset(),
                new ReportModel("m<b>", "1", "bgad", "{\"note\": \"</pre><script>x()</script>\"}",
                        java.util.Map.of("layer<2>", "a&b")),
                base.evaluation(), base.decisionThreshold(), base.images(), base.timings());

        String html = html(new ReportWriter(), input);

        assertFalse(html.contains("<script>alert"));
        assertFalse(html.contains("</pre><script>"));
        assertFalse(html.contains("m<b>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"));
        assertTrue(html.contains("layer&lt;2&gt;") && html.contains("a&amp;b"));
        assertEquals(1, Pattern.compile("<script>").matcher(html).results().count(), "only the load script");
    }

    @Test
    void largeTestSetStaysSmallEnough() throws IOException {
        // More images of 288 px (the size the main job passes) than the gallery shows: the cap keeps the
        // page far below 15 MB however large the test set (magnetic tile has ~580 images).
        ReportInput input = ReportFixtures.replicated(
                ReportFixtures.input(ReportFixtures.specs(4, 6, 3), 5, 288, false), 7);
        assertEquals(70, input.images().size());
        ReportWriter.ReportFiles files = new ReportWriter().write(input, dir);

        long htmlSize = Files.size(files.html());
        assertTrue(htmlSize < 5L * 1024 * 1024, "HTML size " + htmlSize);
        assertEquals(ReportWriter.DEFAULT_GALLERY_LIMIT,
                CARD.matcher(Files.readString(files.html(), StandardCharsets.UTF_8)).results().count());
    }
}
