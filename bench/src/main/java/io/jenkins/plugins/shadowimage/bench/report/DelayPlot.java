package io.jenkins.plugins.shadowimage.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * A log-log plot of completion-detection delay against the length of the wait, drawn with Java2D
 * so that the benchmark needs no plotting library. Filled markers are job waits, hollow markers
 * copy waits; the dashed line is the target.
 */
public final class DelayPlot {

    /** One measured point: the wait (array seconds), the delay (array seconds), and its kind. */
    public record Point(double waitSeconds, double delaySeconds, boolean copy) { }

    /** One algorithm's points. */
    public record Series(String name, Color color, List<Point> points) { }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 80;
    /** Delays below this are drawn on it: a log axis has no zero. */
    private static final double FLOOR = 0.001;

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private String targetLabel;
    private DoubleUnaryOperator target;

    public DelayPlot(String title) {
        this.title = title;
    }

    public DelayPlot add(Series s) {
        series.add(s);
        return this;
    }

    public DelayPlot target(String label, DoubleUnaryOperator delayForWait) {
        this.targetLabel = label;
        this.target = delayForWait;
        return this;
    }

    public void write(Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(render(), "png", png.toFile());
    }

    public BufferedImage render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (Point p : s.points()) {
                minX = Math.min(minX, p.waitSeconds());
                maxX = Math.max(maxX, p.waitSeconds());
                minY = Math.min(minY, Math.max(FLOOR, p.delaySeconds()));
                maxY = Math.max(maxY, Math.max(FLOOR, p.delaySeconds()));
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 0.1;
            maxX = 100;
            minY = 0.01;
            maxY = 10;
        }
        if (target != null) {
            maxY = Math.max(maxY, target.applyAsDouble(maxX));
            minY = Math.min(minY, target.applyAsDouble(minX));
        }
        Axis x = new Axis(Math.floor(Math.log10(minX)), Math.ceil(Math.log10(maxX) - 1e-9), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(Math.floor(Math.log10(minY)), Math.ceil(Math.log10(maxY) - 1e-9), HEIGHT - BOTTOM, TOP);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawGrid(g, x, y);
            if (target != null) {
                drawTarget(g, x, y);
            }
            for (Series s : series) {
                drawSeries(g, x, y, s);
            }
            drawFrameAndLabels(g, x, y);
            drawLegend(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A decade-aligned log axis mapped onto pixels. */
    private record Axis(double minDecade, double maxDecade, int fromPixel, int toPixel) {

        Axis {
            if (maxDecade <= minDecade) {
                maxDecade = minDecade + 1;
            }
        }

        double pixel(double value) {
            double v = Math.log10(Math.max(value, FLOOR));
            return fromPixel + (v - minDecade) / (maxDecade - minDecade) * (toPixel - fromPixel);
        }

        double min() {
            return Math.pow(10, minDecade);
        }

        double max() {
            return Math.pow(10, maxDecade);
        }
    }

    private static void drawGrid(Graphics2D g, Axis x, Axis y) {
        Color minor = new Color(236, 236, 236);
        Color major = new Color(205, 205, 205);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int d = (int) x.minDecade(); d <= (int) x.maxDecade(); d++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, d);
                if (v < x.min() * 0.999 || v > x.max() * 1.001) {
                    continue;
                }
                double px = x.pixel(v);
                g.setColor(m == 1 ? major : minor);
                g.draw(new Line2D.Double(px, y.fromPixel(), px, y.toPixel()));
                if (m == 1 || m == 2 || m == 5) {
                    String label = tick(v);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label, (float) (px - fm.stringWidth(label) / 2.0), y.fromPixel() + 18);
                }
            }
        }
        for (int d = (int) y.minDecade(); d <= (int) y.maxDecade(); d++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, d);
                if (v < y.min() * 0.999 || v > y.max() * 1.001) {
                    continue;
                }
                double py = y.pixel(v);
                g.setColor(m == 1 ? major : minor);
                g.draw(new Line2D.Double(x.fromPixel(), py, x.toPixel(), py));
                if (m == 1 || m == 2 || m == 5) {
                    String label = tick(v);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label, x.fromPixel() - 8 - fm.stringWidth(label), (float) (py + 4));
                }
            }
        }
    }

    private void drawTarget(Graphics2D g, Axis x, Axis y) {
        Stroke dashed = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
        g.setStroke(dashed);
        g.setColor(new Color(120, 120, 120));
        Path2D.Double path = new Path2D.Double();
        int steps = 200;
        for (int i = 0; i <= steps; i++) {
            double decade = x.minDecade() + (x.maxDecade() - x.minDecade()) * i / steps;
            double wait = Math.pow(10, decade);
            double px = x.pixel(wait);
            double py = y.pixel(target.applyAsDouble(wait));
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawSeries(Graphics2D g, Axis x, Axis y, Series s) {
        List<Point> sorted = new ArrayList<>(s.points());
        sorted.sort(Comparator.comparingDouble(Point::waitSeconds));
        g.setColor(s.color());
        // Job waits and copy waits are different mechanisms: one line through each kind.
        for (boolean copy : new boolean[] {false, true}) {
            g.setStroke(copy
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f)
                    : new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (Point p : sorted) {
                if (p.copy() != copy) {
                    continue;
                }
                double px = x.pixel(p.waitSeconds());
                double py = y.pixel(p.delaySeconds());
                if (first) {
                    path.moveTo(px, py);
                    first = false;
                } else {
                    path.lineTo(px, py);
                }
            }
            g.draw(path);
        }
        g.setStroke(new BasicStroke(2f));
        for (Point p : sorted) {
            double px = x.pixel(p.waitSeconds());
            double py = y.pixel(p.delaySeconds());
            int r = 6;
            if (p.copy()) {
                g.setColor(Color.WHITE);
                g.fillOval((int) px - r, (int) py - r, 2 * r, 2 * r);
                g.setColor(s.color());
                g.drawOval((int) px - r, (int) py - r, 2 * r, 2 * r);
            } else {
                g.fillOval((int) px - r, (int) py - r, 2 * r, 2 * r);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private void drawFrameAndLabels(Graphics2D g, Axis x, Axis y) {
        g.setColor(Color.BLACK);
        g.drawRect(x.fromPixel(), y.toPixel(), x.toPixel() - x.fromPixel(), y.fromPixel() - y.toPixel());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        fm = g.getFontMetrics();
        String xLabel = "wait length (array seconds, log scale)";
        g.drawString(xLabel, (x.fromPixel() + x.toPixel() - fm.stringWidth(xLabel)) / 2, HEIGHT - 30);
        String yLabel = "detection delay (array seconds, log scale)";
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(y.fromPixel() + y.toPixel() + fm.stringWidth(yLabel)) / 2, 25);
        g.setTransform(saved);
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        List<String> labels = new ArrayList<>();
        series.forEach(s -> labels.add(s.name()));
        if (target != null) {
            labels.add(targetLabel);
        }
        labels.add("filled, solid: job waits; hollow, dotted: copy waits");
        int width = labels.stream().mapToInt(fm::stringWidth).max().orElse(100) + 50;
        int height = labels.size() * 20 + 10;
        int left = LEFT + 12;
        int top = TOP + 12;
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(left, top, width, height);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, width, height);
        int yy = top + 20;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            g.drawLine(left + 8, yy - 4, left + 32, yy - 4);
            g.fillOval(left + 16, yy - 8, 8, 8);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(s.name(), left + 40, yy);
            yy += 20;
        }
        if (target != null) {
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            g.drawLine(left + 8, yy - 4, left + 32, yy - 4);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(targetLabel, left + 40, yy);
            yy += 20;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(labels.get(labels.size() - 1), left + 8, yy);
    }

    private static String tick(double v) {
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "");
    }
}
