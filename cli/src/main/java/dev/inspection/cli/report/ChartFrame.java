package dev.inspection.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Java2D x/y chart on a white canvas: title, axes with "nice" ticks, grid, axis labels, data drawn in
 * data coordinates and a legend box. One frame draws one chart; {@link #toPng()} finishes it.
 */
final class ChartFrame {

    static final int WIDTH = 480;
    static final int HEIGHT = 360;

    private static final int LEFT = 62;
    private static final int RIGHT = 18;
    private static final int TOP = 34;
    private static final int BOTTOM = 50;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color AXIS = new Color(0x33, 0x33, 0x33);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);

    /** Where the legend box goes. */
    enum Corner { UPPER_RIGHT, LOWER_RIGHT, LOWER_LEFT }

    private enum Glyph { LINE, DASHED_LINE, MARKER, SWATCH }

    private record LegendEntry(String text, Color color, Glyph glyph) {
    }

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g = image.createGraphics();
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final Rectangle2D plot = new Rectangle2D.Double(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    private final List<LegendEntry> legend = new ArrayList<>();
    private final double minYStep;

    ChartFrame(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax) {
        this(title, xLabel, yLabel, xMin, xMax, yMin, yMax, 0);
    }

    /** @param minYStep smallest y tick step (1 for counts, so ticks stay whole numbers) */
    ChartFrame(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax,
               double minYStep) {
        if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
            throw new IllegalArgumentException("empty or invalid chart range x [" + xMin + ", " + xMax + "], y ["
                    + yMin + ", " + yMax + "]");
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        this.minYStep = minYStep;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        drawAxes();
        drawText(title, TITLE_FONT, WIDTH / 2.0, 22, true);
        drawText(xLabel, LABEL_FONT, plot.getCenterX(), HEIGHT - 10, true);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        drawText(yLabel, LABEL_FONT, -plot.getCenterY(), 16, true);
        g.setTransform(saved);
    }

    double px(double x) {
        return plot.getX() + (x - xMin) / (xMax - xMin) * plot.getWidth();
    }

    double py(double y) {
        return plot.getMaxY() - (y - yMin) / (yMax - yMin) * plot.getHeight();
    }

    /** A line through the points (NaN points are skipped, breaking the line). */
    void polyline(double[] xs, double[] ys, Color color, float width, boolean dashed, String legendText) {
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(xs[i]) || Double.isNaN(ys[i])) {
                penDown = false;
                continue;
            }
            if (penDown) {
                path.lineTo(px(xs[i]), py(ys[i]));
            } else {
                path.moveTo(px(xs[i]), py(ys[i]));
                penDown = true;
            }
        }
        drawClipped(path, color, stroke(width, dashed));
        addLegend(legendText, color, dashed ? Glyph.DASHED_LINE : Glyph.LINE);
    }

    /** A filled bar from y = yMin up to {@code height} between {@code x0} and {@code x1}. */
    void bar(double x0, double x1, double height, Color fill) {
        if (height <= yMin) {
            return;
        }
        double left = px(x0);
        double top = py(Math.min(height, yMax));
        Shape shape = new Rectangle2D.Double(left, top, Math.max(1, px(x1) - left), plot.getMaxY() - top);
        Shape clip = g.getClip();
        g.setClip(plot);
        g.setColor(fill);
        g.fill(shape);
        g.setClip(clip);
    }

    void verticalLine(double x, Color color, boolean dashed, String legendText) {
        drawClipped(new Line2D.Double(px(x), plot.getY(), px(x), plot.getMaxY()), color, stroke(2f, dashed));
        addLegend(legendText, color, dashed ? Glyph.DASHED_LINE : Glyph.LINE);
    }

    void marker(double x, double y, Color color, String legendText) {
        double r = 5;
        Shape dot = new Ellipse2D.Double(px(x) - r, py(y) - r, 2 * r, 2 * r);
        g.setColor(color);
        g.fill(dot);
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(dot);
        addLegend(legendText, color, Glyph.MARKER);
    }

    /** A legend entry for a filled area (bars). */
    void legendSwatch(String text, Color color) {
        addLegend(text, color, Glyph.SWATCH);
    }

    /** Draws the legend and encodes the chart as PNG. */
    byte[] toPng(Corner legendCorner) {
        drawLegend(legendCorner);
        g.dispose();
        return Thumbnails.encodePng(image);
    }

    private void addLegend(String text, Color color, Glyph glyph) {
        if (text != null) {
            legend.add(new LegendEntry(text, color, glyph));
        }
    }

    private void drawClipped(Shape shape, Color color, BasicStroke stroke) {
        Shape clip = g.getClip();
        g.setClip(plot);
        g.setColor(color);
        g.setStroke(stroke);
        g.draw(shape);
        g.setClip(clip);
    }

    private static BasicStroke stroke(float width, boolean dashed) {
        return dashed
                ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private void drawAxes() {
        g.setFont(TICK_FONT);
        double xStep = niceStep(xMax - xMin);
        double yStep = Math.max(minYStep, niceStep(yMax - yMin));
        g.setStroke(new BasicStroke(1f));
        for (double x = Math.ceil(xMin / xStep) * xStep; x <= xMax + xStep * 1e-9; x += xStep) {
            double sx = px(x);
            g.setColor(GRID);
            g.draw(new Line2D.Double(sx, plot.getY(), sx, plot.getMaxY()));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(sx, plot.getMaxY(), sx, plot.getMaxY() + 4));
            drawText(formatTick(x, xStep), TICK_FONT, sx, plot.getMaxY() + 17, true);
        }
        FontMetrics metrics = g.getFontMetrics(TICK_FONT);
        for (double y = Math.ceil(yMin / yStep) * yStep; y <= yMax + yStep * 1e-9; y += yStep) {
            double sy = py(y);
            g.setColor(GRID);
            g.draw(new Line2D.Double(plot.getX(), sy, plot.getMaxX(), sy));
            g.setColor(AXIS);
            g.draw(new Line2D.Double(plot.getX() - 4, sy, plot.getX(), sy));
            String label = formatTick(y, yStep);
            g.drawString(label, (float) (plot.getX() - 7 - metrics.stringWidth(label)),
                    (float) (sy + metrics.getAscent() / 2.0 - 1));
        }
        g.setColor(AXIS);
        g.draw(plot);
    }

    private void drawLegend(Corner corner) {
        if (legend.isEmpty()) {
            return;
        }
        FontMetrics metrics = g.getFontMetrics(LABEL_FONT);
        int lineHeight = metrics.getHeight() + 2;
        int textWidth = 0;
        for (LegendEntry entry : legend) {
            textWidth = Math.max(textWidth, metrics.stringWidth(entry.text()));
        }
        int boxWidth = 38 + textWidth;
        int boxHeight = lineHeight * legend.size() + 8;
        double x = corner == Corner.LOWER_LEFT ? plot.getX() + 8 : plot.getMaxX() - 8 - boxWidth;
        double y = corner == Corner.UPPER_RIGHT ? plot.getY() + 8 : plot.getMaxY() - 8 - boxHeight;
        Shape box = new Rectangle2D.Double(x, y, boxWidth, boxHeight);
        g.setColor(new Color(255, 255, 255, 230));
        g.fill(box);
        g.setColor(new Color(0xbb, 0xbb, 0xbb));
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        g.setFont(LABEL_FONT);
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry entry = legend.get(i);
            double rowMid = y + 4 + lineHeight * (i + 0.5);
            g.setColor(entry.color());
            switch (entry.glyph()) {
                case MARKER -> g.fill(new Ellipse2D.Double(x + 12, rowMid - 5, 10, 10));
                case SWATCH -> g.fill(new Rectangle2D.Double(x + 8, rowMid - 5, 18, 10));
                case LINE, DASHED_LINE -> {
                    g.setStroke(stroke(2.5f, entry.glyph() == Glyph.DASHED_LINE));
                    g.draw(new Line2D.Double(x + 6, rowMid, x + 28, rowMid));
                }
            }
            g.setColor(AXIS);
            g.drawString(entry.text(), (float) (x + 34), (float) (rowMid + metrics.getAscent() / 2.0 - 1));
        }
    }

    private void drawText(String text, Font font, double x, double baseline, boolean centred) {
        g.setFont(font);
        g.setColor(AXIS);
        double left = centred ? x - g.getFontMetrics(font).stringWidth(text) / 2.0 : x;
        g.drawString(text, (float) left, (float) baseline);
    }

    /** A tick step of 1, 2, 2.5 or 5 times a power of ten giving about five intervals. */
    static double niceStep(double range) {
        double raw = range / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10;
        return nice * power;
    }

    static String formatTick(double value, double step) {
        if (Math.abs(value) < step * 1e-6) {
            value = 0;
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        double scaled = step * Math.pow(10, decimals);
        if (Math.abs(scaled - Math.rint(scaled)) > 1e-6) {
            decimals++; // steps like 2.5 or 0.25 need one more digit
        }
        decimals = Math.min(decimals, 6);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
