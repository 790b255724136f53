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
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;

/**
 * Draws the incident totals of a run of issues as a bar chart PNG with Java2D. Each bar stands at its issue's week,
 * so missing issues leave a gap instead of months looking like weeks; the issues a digest is about are drawn dark.
 * The image holds digits only (counts, issue numbers, years): its title and legend are HTML text beside it, drawn
 * by the reader's mail client in the reader's language, because a server often has no CJK font and a chart must
 * not depend on one. An issue without a total keeps its place, marked with a dash.
 */
final class TrendChart {

    /** Drawn at this size, shown at most this wide and scaled down to narrower screens. */
    static final int WIDTH = 640;
    static final int HEIGHT = 340;
    private static final int LEFT = 62;
    private static final int RIGHT = 14;
    private static final int TOP = 26;
    private static final int BOTTOM = 58;
    private static final Color BAR = new Color(0x9db8dc);
    private static final Color HIGHLIGHT = new Color(0x1a4f8b);
    private static final Color GRID = new Color(0xdddddd);
    private static final Color INK = new Color(0x333333);

    static {
        // A daemon has no display; without this AWT may try to reach one. Must be set before AWT initialises.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TrendChart() {
    }

    /**
     * @param issues      oldest first
     * @param highlighted the issues the digest is about
     */
    static byte[] render(List<Report> issues, Set<ReportKey> highlighted) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, issues, highlighted);
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

    private static void draw(Graphics2D g, List<Report> issues, Set<ReportKey> highlighted) {
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int max = issues.stream().map(Report::incidentsTotal).filter(v -> v != null).mapToInt(Integer::intValue)
                .max().orElse(0);
        int step = niceStep(max);
        int top = Math.max(step, (max + step - 1) / step * step);

        // large type: on a phone the chart is shown at about half its size
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        FontMetrics metrics = g.getFontMetrics();
        for (int tick = 0; tick <= top; tick += step) {
            int y = TOP + plotHeight - (int) ((long) tick * plotHeight / top);
            g.setColor(GRID);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(INK);
            String label = Integer.toString(tick);
            g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }

        List<Integer> weeks = weekPositions(issues);
        int slots = weeks.isEmpty() ? 1 : weeks.get(weeks.size() - 1) + 1;
        double slot = (double) plotWidth / slots;
        int barWidth = Math.max(2, (int) (slot * 0.7));
        int lastLabelEnd = Integer.MIN_VALUE;
        int previousYear = -1;
        for (int i = 0; i < issues.size(); i++) {
            Report report = issues.get(i);
            int centre = LEFT + (int) (weeks.get(i) * slot + slot / 2);
            Integer total = report.incidentsTotal();
            boolean dark = highlighted.contains(report.key());
            g.setFont(new Font(Font.SANS_SERIF, dark ? Font.BOLD : Font.PLAIN, 16));
            if (total == null) {
                g.setColor(INK);
                centred(g, "-", centre, TOP + plotHeight - 4);
            } else {
                int barHeight = (int) ((long) total * plotHeight / top);
                g.setColor(dark ? HIGHLIGHT : BAR);
                g.fillRect(centre - barWidth / 2, TOP + plotHeight - barHeight, barWidth, barHeight);
                String value = Integer.toString(total);
                if (g.getFontMetrics().stringWidth(value) <= slot + 2) {
                    g.setColor(INK);
                    centred(g, value, centre, TOP + plotHeight - barHeight - 4);
                }
            }
            // axis labels only where they do not run into the one before
            String issueLabel = "#" + report.issue();
            int width = g.getFontMetrics().stringWidth(issueLabel);
            if (centre - width / 2 > lastLabelEnd + 4) {
                g.setColor(INK);
                centred(g, issueLabel, centre, TOP + plotHeight + 20);
                if (report.year() != previousYear) {
                    centred(g, Integer.toString(report.year()), centre, TOP + plotHeight + 40);
                    previousYear = report.year();
                }
                lastLabelEnd = centre + width / 2;
            }
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
    }

    /**
     * Each issue's slot: weeks since the oldest issue's week (from its period, else its publication date, else
     * the slot after the one before), so a missing issue leaves an empty slot.
     */
    static List<Integer> weekPositions(List<Report> issues) {
        LocalDate first = issues.isEmpty() ? null : week(issues.get(0));
        int[] previous = {-1};
        return issues.stream().map(report -> {
            LocalDate week = week(report);
            int position = first == null || week == null
                    ? previous[0] + 1
                    : Math.max(previous[0] + 1, (int) Math.round(ChronoUnit.DAYS.between(first, week) / 7.0));
            previous[0] = position;
            return position;
        }).toList();
    }

    private static LocalDate week(Report report) {
        return report.periodStart() != null ? report.periodStart() : report.published();
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
