package dev.inspection.cli.report;

import dev.inspection.core.metrics.EvaluationReport;
import dev.inspection.core.metrics.MetricSet;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds {@code report.html}: one self-contained page (inline CSS, images as {@code data:} URIs, a
 * Content-Security-Policy that forbids loading anything else). A load handler sets
 * {@code document.body.dataset.imagesLoaded = "<loaded>/<total>"} so a headless browser can check that
 * every image decoded.
 */
final class ReportHtml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            :root { --fg: #1d1f23; --muted: #5d6470; --line: #d9dde3; --panel: #f5f7fa;
                    --ok: #1b7f3b; --fp: #c62828; --fn: #d46b08; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Liberation Sans", sans-serif;
                   color: var(--fg); background: #fff; }
            header.page { padding: 20px 32px 14px; border-bottom: 1px solid var(--line); background: var(--panel); }
            header.page h1 { margin: 0 0 4px; font-size: 22px; }
            header.page p { margin: 2px 0; color: var(--muted); }
            main { max-width: 1280px; margin: 0 auto; padding: 8px 32px 40px; }
            h2 { font-size: 17px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            .tiles { display: flex; flex-wrap: wrap; gap: 10px; }
            .tile { min-width: 140px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 6px;
                    background: var(--panel); }
            .tile .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
            .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .row { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            thead th { background: var(--panel); font-weight: 600; }
            tr.total td { font-weight: 600; }
            td.good { color: var(--ok); } td.bad { color: var(--fp); }
            .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; }
            .charts figure { margin: 0; max-width: 480px; border: 1px solid var(--line); border-radius: 6px;
                             overflow: hidden; }
            .charts img { display: block; width: 100%; height: auto; }
            details { margin-top: 10px; }
            summary { cursor: pointer; font-weight: 600; }
            pre { background: var(--panel); border: 1px solid var(--line); padding: 10px; overflow: auto;
                  max-height: 480px; font-size: 12px; }
            .note { color: var(--muted); }
            .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(390px, 1fr)); gap: 12px; }
            .card { border: 1px solid var(--line); border-left: 5px solid var(--ok); border-radius: 6px; padding: 8px 10px; }
            .card.fp { border-left-color: var(--fp); } .card.fn { border-left-color: var(--fn); }
            .card h3 { margin: 0 0 6px; font-size: 13px; font-weight: 600; word-break: break-all; }
            .badge { display: inline-block; min-width: 28px; padding: 1px 6px; margin-right: 6px; border-radius: 4px;
                     color: #fff; background: var(--ok); font-size: 12px; text-align: center; }
            .badge.fp { background: var(--fp); } .badge.fn { background: var(--fn); }
            .thumbs { display: flex; gap: 6px; }
            .thumbs figure { margin: 0; flex: 1 1 0; min-width: 0; }
            .thumbs img, .thumbs .empty { display: block; width: 100%; aspect-ratio: 1 / 1; object-fit: contain;
                                          background: #eee; border-radius: 3px; }
            .thumbs .empty { display: flex; align-items: center; justify-content: center; color: var(--muted);
                             font-size: 12px; }
            .thumbs figcaption { font-size: 11px; color: var(--muted); text-align: center; }
            .card dl { display: grid; grid-template-columns: auto 1fr; gap: 1px 10px; margin: 6px 0 0; font-size: 12px; }
            .card dt { color: var(--muted); } .card dd { margin: 0; font-variant-numeric: tabular-nums; }
            """;

    private static final String LOAD_CHECK = """
            window.addEventListener('load', function () {
              var images = document.images, loaded = 0;
              for (var i = 0; i < images.length; i++) {
                if (images[i].complete && images[i].naturalWidth > 0) { loaded++; }
              }
              document.body.dataset.imagesLoaded = loaded + '/' + images.length;
            });
            """;

    private final StringBuilder out = new StringBuilder(1 << 20);
    private final ReportInput input;
    private final ReportFacts facts;
    private final Thumbnails thumbnails;

    private ReportHtml(ReportInput input, ReportFacts facts, Thumbnails thumbnails) {
        this.input = input;
        this.facts = facts;
        this.thumbnails = thumbnails;
    }

    static String render(ReportInput input, ReportFacts facts, Thumbnails thumbnails) {
        return new ReportHtml(input, facts, thumbnails).page();
    }

    private String page() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>").append(Html.escape(input.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header();
        out.append("<main>\n");
        summary();
        charts();
        defectTypes();
        timingsAndModel();
        gallery();
        out.append("</main>\n<script>\n").append(LOAD_CHECK).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        ReportDataset dataset = input.dataset();
        ReportModel model = input.model();
        out.append("<header class=\"page\">\n<h1>").append(Html.escape(input.title())).append("</h1>\n")
                .append("<p>Dataset <b>").append(Html.escape(dataset.name())).append("</b>, category <b>")
                .append(Html.escape(dataset.category())).append("</b>, snapshot <code>")
                .append(Html.escape(dataset.snapshotId())).append("</code></p>\n");
        List<String> excluded = dataset.excludedKnownAnomalies();
        if (!excluded.isEmpty()) {
            out.append("<p id=\"excluded-known-anomalies\">").append(excluded.size())
                    .append(" known anomalies the model was trained on are excluded from every metric and the gallery: ")
                    .append(Html.escape(String.join(", ", excluded))).append("</p>\n");
        }
        out.append("<p>Model <b>").append(Html.escape(model.name())).append("</b> version <b>")
                .append(Html.escape(model.version())).append("</b> (").append(Html.escape(model.method()))
                .append("), evaluated ").append(TIME.format(input.createdAt())).append("</p>\n</header>\n");
    }

    private void summary() {
        MetricSet overall = input.evaluation().overall();
        VerdictCounts counts = facts.overall();
        out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"tiles\">\n");
        tile("Image AUROC", ReportFormat.metric(overall.imageAuroc()));
        tile("Pixel AUROC", ReportFormat.metric(overall.pixelAuroc()));
        tile("PRO (FPR 0.3)", ReportFormat.metric(overall.pro()));
        tile("Image F1-max", ReportFormat.metric(overall.imageF1().f1()));
        tile("Pixel F1-max", ReportFormat.metric(overall.pixelF1().f1()));
        tile("Decision threshold", ReportFormat.score(input.decisionThreshold()));
        tile("Accuracy", ReportFormat.percent(counts.accuracy()));
        out.append("</div>\n<div class=\"row\">\n<div>\n<h3>Verdicts at the decision threshold</h3>\n")
                .append("<table class=\"confusion\">\n<thead><tr><th>actual \\ predicted</th><th>normal</th>")
                .append("<th>anomalous</th></tr></thead>\n<tbody>\n")
                .append("<tr><td>normal (").append(counts.trueNegatives() + counts.falsePositives()).append(")</td>")
                .append("<td class=\"good\">TN ").append(counts.trueNegatives()).append("</td>")
                .append(cell(counts.falsePositives() > 0, "FP " + counts.falsePositives())).append("</tr>\n")
                .append("<tr><td>anomalous (").append(counts.truePositives() + counts.falseNegatives()).append(")</td>")
                .append(cell(counts.falseNegatives() > 0, "FN " + counts.falseNegatives()))
                .append("<td class=\"good\">TP ").append(counts.truePositives()).append("</td></tr>\n")
                .append("</tbody>\n</table>\n</div>\n</div>\n</section>\n");
    }

    private void tile(String label, String value) {
        out.append("<div class=\"tile\"><div class=\"label\">").append(Html.escape(label))
                .append("</div><div class=\"value\">").append(Html.escape(value)).append("</div></div>\n");
    }

    private static String cell(boolean bad, String text) {
        return "<td class=\"" + (bad ? "bad" : "good") + "\">" + Html.escape(text) + "</td>";
    }

    private void charts() {
        EvaluationReport evaluation = input.evaluation();
        MetricSet overall = evaluation.overall();
        out.append("<section id=\"charts\">\n<h2>Curves and scores</h2>\n<div class=\"charts\">\n");
        chart(ReportCharts.roc(evaluation.imageRoc(), overall.imageAuroc(), evaluation.pixelRoc(),
                overall.pixelAuroc()), "ROC curves of image and pixel scores");
        chart(ReportCharts.precisionRecall(evaluation.imagePr(), overall.imageF1(),
                (double) overall.anomalousImages() / overall.images()), "Image precision-recall curve with F1-max");
        chart(ReportCharts.histogram(evaluation.imageHistogram(), input.decisionThreshold()),
                "Histogram of raw image scores, normal vs anomalous, with the decision threshold");
        out.append("</div>\n</section>\n");
    }

    private void chart(byte[] png, String alt) {
        out.append("<figure><img src=\"").append(Thumbnails.dataUri("image/png", png)).append("\" alt=\"")
                .append(Html.escape(alt)).append("\" width=\"").append(ChartFrame.WIDTH).append("\" height=\"")
                .append(ChartFrame.HEIGHT).append("\"></figure>\n");
    }

    private void defectTypes() {
        out.append("<section id=\"defect-types\">\n<h2>Per defect type</h2>\n")
                .append("<p class=\"note\">Each defect type is evaluated against all normal test images.</p>\n")
                .append("<table>\n<thead><tr><th>defect type</th><th>anomalous / images</th><th>image AUROC</th>")
                .append("<th>pixel AUROC</th><th>PRO</th><th>image F1-max</th><th>F1 threshold</th>")
                .append("<th>pixel F1-max</th><th>detected</th><th>accuracy</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, MetricSet> entry : input.evaluation().perDefectType().entrySet()) {
            defectRow(entry.getKey(), entry.getValue(), facts.perDefectType().get(entry.getKey()), false);
        }
        defectRow("all", input.evaluation().overall(), facts.overall(), true);
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private void defectRow(String name, MetricSet metrics, VerdictCounts counts, boolean total) {
        int anomalous = counts.truePositives() + counts.falseNegatives();
        out.append(total ? "<tr class=\"total\">" : "<tr>")
                .append("<td>").append(Html.escape(name)).append("</td>")
                .append("<td>").append(metrics.anomalousImages()).append(" / ").append(metrics.images()).append("</td>")
                .append("<td>").append(ReportFormat.metric(metrics.imageAuroc())).append("</td>")
                .append("<td>").append(ReportFormat.metric(metrics.pixelAuroc())).append("</td>")
                .append("<td>").append(ReportFormat.metric(metrics.pro())).append("</td>")
                .append("<td>").append(ReportFormat.metric(metrics.imageF1().f1())).append("</td>")
                .append("<td>").append(ReportFormat.score(metrics.imageF1().threshold())).append("</td>")
                .append("<td>").append(ReportFormat.metric(metrics.pixelF1().f1())).append("</td>")
                .append(cell(counts.falseNegatives() > 0, counts.truePositives() + " / " + anomalous))
                .append("<td>").append(ReportFormat.percent(counts.accuracy())).append("</td></tr>\n");
    }

    private void timingsAndModel() {
        ReportTimings timings = input.timings();
        ReportModel model = input.model();
        out.append("<div class=\"row\">\n<section id=\"timings\">\n<h2>Timings</h2>\n<table>\n<tbody>\n");
        keyValue("feature extraction", ReportFormat.amount(timings.featureExtractionImagesPerSecond(), "images/s"));
        keyValue("training", ReportFormat.amount(timings.trainingSeconds(), "s"));
        keyValue("scoring", ReportFormat.amount(timings.scoringImagesPerSecond(), "images/s"));
        keyValue("total wall time", ReportFormat.amount(timings.totalWallSeconds(), "s"));
        out.append("</tbody>\n</table>\n</section>\n<section id=\"model\">\n<h2>Model</h2>\n<table>\n<tbody>\n");
        keyValue("name", model.name());
        keyValue("version", model.version());
        keyValue("method", model.method());
        model.keyFields().forEach(this::keyValue);
        out.append("</tbody>\n</table>\n<details>\n<summary>Model manifest (JSON)</summary>\n<pre>")
                .append(Html.escape(model.manifestJson())).append("</pre>\n</details>\n</section>\n</div>\n");
    }

    private void keyValue(String key, String value) {
        out.append("<tr><td>").append(Html.escape(key)).append("</td><td>").append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private void gallery() {
        List<ReportImage> ordered = facts.galleryOrder();
        int shown = facts.galleryShown();
        VerdictCounts counts = facts.overall();
        out.append("<section id=\"gallery\">\n<h2>Gallery</h2>\n<p class=\"note\">")
                .append(count(counts.falsePositives(), "false positive")).append(" (highest scores first), then ")
                .append(count(counts.falseNegatives(), "false negative")).append(" (lowest scores first), then the ")
                .append("correctly classified images closest to the threshold.");
        if (shown < ordered.size()) {
            out.append(" Showing the first ").append(shown).append(" of ").append(ordered.size())
                    .append(" test images; report.json lists the scores of all of them.");
        }
        out.append("</p>\n<div class=\"gallery\">\n");
        // Decoding, scaling and encoding the thumbnails is the bulk of the work; cards are independent.
        List<CardImages> cardImages = IntStream.range(0, shown).parallel()
                .mapToObj(i -> CardImages.of(ordered.get(i), thumbnails)).toList();
        for (int i = 0; i < shown; i++) {
            card(ordered.get(i), cardImages.get(i));
        }
        out.append("</div>\n</section>\n");
    }

    /** The data URIs of one card's thumbnails; mask and heatmap null when the image has none. */
    private record CardImages(String overlay, String mask, String heatmap) {

        static CardImages of(ReportImage image, Thumbnails thumbnails) {
            return new CardImages(thumbnails.photo(image.overlayPng(), "overlay of image " + image.imageId()),
                    image.maskPng() == null ? null
                            : thumbnails.mask(image.maskPng(), "mask of image " + image.imageId()),
                    image.heatmapPng() == null ? null
                            : thumbnails.photo(image.heatmapPng(), "heatmap of image " + image.imageId()));
        }
    }

    private void card(ReportImage image, CardImages images) {
        Verdict verdict = image.verdict();
        String css = verdict.code().toLowerCase(Locale.ROOT);
        String name = Html.escape(image.sourceName());
        out.append("<article class=\"card ").append(css).append("\">\n<h3><span class=\"badge ").append(css)
                .append("\" title=\"").append(verdict.description()).append("\">").append(verdict.code())
                .append("</span>").append(name).append("</h3>\n<div class=\"thumbs\">\n");
        thumb(images.overlay(), "overlay", name);
        if (images.mask() != null) {
            thumb(images.mask(), "mask", name);
        } else {
            out.append("<figure><div class=\"empty\">no mask</div><figcaption>mask</figcaption></figure>\n");
        }
        if (images.heatmap() != null) {
            thumb(images.heatmap(), "heatmap", name);
        }
        out.append("</div>\n<dl>\n")
                .append("<dt>label</dt><dd>").append(label(image.anomalous())).append(" \u2192 predicted ")
                .append(label(image.predictedAnomalous())).append("</dd>\n")
                .append("<dt>defect type</dt><dd>")
                .append(Html.escape(image.defectType() == null ? ReportFormat.MISSING : image.defectType()))
                .append("</dd>\n<dt>score</dt><dd>").append(ReportFormat.score(image.rawScore()))
                .append(" raw, ").append(ReportFormat.metric(image.normalisedScore())).append(" normalised</dd>\n")
                .append("<dt>image id</dt><dd>").append(Html.escape(image.imageId())).append("</dd>\n")
                .append("</dl>\n</article>\n");
    }

    private void thumb(String dataUri, String caption, String escapedName) {
        out.append("<figure><img src=\"").append(dataUri).append("\" alt=\"").append(caption).append(" of ")
                .append(escapedName).append("\"><figcaption>").append(caption).append("</figcaption></figure>\n");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String label(boolean anomalous) {
        return anomalous ? "anomalous" : "normal";
    }
}
