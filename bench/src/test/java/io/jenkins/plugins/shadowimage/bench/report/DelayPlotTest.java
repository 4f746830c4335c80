package io.jenkins.plugins.shadowimage.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayPlotTest {

    @Test
    void writesAReadablePngWithBothSeriesDrawn(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Color ours = new Color(0, 90, 200);
        Color sample = new Color(210, 60, 20);
        DelayPlot plot = new DelayPlot("test")
                .add(new DelayPlot.Series("ours", ours, List.of(
                        new DelayPlot.Point(0.2, 0.01, false), new DelayPlot.Point(100, 2, true))))
                .add(new DelayPlot.Series("sample", sample, List.of(
                        new DelayPlot.Point(0.2, 1.0, false), new DelayPlot.Point(100, 27, true))))
                .target("target", w -> Math.max(1, 0.1 * w));
        Path png = dir.resolve("plot.png");
        plot.write(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(countPixels(image, ours)).isGreaterThan(50);
        assertThat(countPixels(image, sample)).isGreaterThan(50);
    }

    private static int countPixels(BufferedImage image, Color color) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
