package org.cncertrelay.digest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.cncertrelay.report.Report;

/**
 * Draws the incident totals of a run of issues as a bar chart PNG with Java2D. Labels are ASCII only: headless
 * servers often have no CJK font, and tofu boxes would make the axis unreadable. An issue without a total keeps its
 * slot, labelled "n/a", so a gap is visible rather than silently closing up.
 */
final class TrendChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 52;
    private static final Color BAR = new Color(0x2f6db5);
    private static final Color GRID = new Color(0xdddddd);
    private static final Color INK = new Color(0x333333);

    static {
        // A daemon has no display; without this AWT may try to reach one. Must be set before AWT initialises.
        if (System.getProperty("java.awt.headless") == null) {
            }
    }

    private TrendChart() {
    }

    /** @param issues oldest first */
    static byte[] render(List<Report> issues) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, issues);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the trend chart", e);
        }
        return png.toByteArray();
    }

    private static void draw(Graphics2D g, List<Report> issues) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Incidents per issue (last " + issues.size() + ")", LEFT, 24);

        int plotHeight = HEIGHT - TOP - BOTTOM;
        int max = issues.stream().map(Report::incidentsTotal).filter(v -> v != null).mapToInt(Integer::intValue)
                .max().orElse(0);
        int step = niceStep(max);
        int top = Math.max(step, (max + step - 1) / step * step);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (int tick = 0; tick <= top; tick += step) {
            int y = TOP + plotHeight - (int) ((long) tick * plotHeight / top);
            g.setColor(GRID);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(INK);
            String label = Integer.toString(tick);
            g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }

        int slot = issues.isEmpty() ? 0 : (WIDTH - LEFT - RIGHT) / issues.size();
        int previousYear = -1;
        for (int i = 0; i < issues.size(); i++) {
            Report report = issues.get(i);
            int x = LEFT + i * slot;
            int centre = x + slot / 2;
            Integer total = report.incidentsTotal();
            g.setColor(INK);
            if (total == null) {
                centred(g, "n/a", centre, TOP + plotHeight - 4);
            } else {
                int barHeight = (int) ((long) total * plotHeight / top);
                g.setColor(BAR);
                g.fillRect(x + slot / 6, TOP + plotHeight - barHeight, slot - slot / 3, barHeight);
                g.setColor(INK);
                centred(g, Integer.toString(total), centre, TOP + plotHeight - barHeight - 4);
            }
            centred(g, "#" + report.issue(), centre, TOP + plotHeight + 16);
            // The year only where it changes, so twelve repeats of "2024" do not crowd the axis.
            if (report.year() != previousYear) {
                centred(g, Integer.toString(report.year()), centre, TOP + plotHeight + 32);
                previousYear = report.year();
            }
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
    }

    /** A gridline step of 1, 2 or 5 times a power of ten giving about five gridlines. */
    static int niceStep(int max) {
        if (max <= 5) {
            return 1;
        }
        double rough = max / 5.0;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return (int) (nice * magnitude);
    }

    private static void centred(Graphics2D g, String text, int centreX, int baselineY) {
        g.drawString(text, centreX - g.getFontMetrics().stringWidth(text) / 2, baselineY);
    }
}
