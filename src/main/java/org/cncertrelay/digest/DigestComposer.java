package org.cncertrelay.digest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.report.ReportValidator;
import org.jsoup.nodes.Entities;

/**
 * Turns the issues a digest covers into its subject, text and HTML bodies and trend chart, in one language. Each
 * count is shown with its change against the previous known issue (the one with the next-lower key), naming that
 * issue and saying when issues are missing in between. A count the bulletin did not state is "—", never 0.
 *
 * <p>The HTML is laid out for a phone first: one block per issue, each figure on its own line, in a single column
 * at most 640 px wide that narrows with the screen, the chart scaled to the width. It keeps to what mail clients
 * render: inline styles, tables for layout, no scripts or style sheets (Outlook's Word engine gets a fixed-width
 * table through a conditional comment, as it ignores max-width).
 */
public final class DigestComposer {

    static final int CHART_ISSUES = 12;
    private static final String FONT = "-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei',"
            + "'Hiragino Sans GB',Arial,sans-serif";
    private static final String CELL = "padding:7px 12px;border-top:1px solid #eeeeee;";

    private final Messages messages;
    private final Optional<URI> unsubscribeUrl;

    public DigestComposer(Messages messages, Optional<URI> unsubscribeUrl) {
        this.messages = messages;
        this.unsubscribeUrl = unsubscribeUrl;
    }

    /**
     * @param include the issues this digest covers (at least one)
     * @param history every known issue, used for the previous issue of each and the chart; {@code include} is
     *                added to it, so it may omit them
     */
    public DigestContent compose(List<Report> include, List<Report> history) {
        if (include.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one issue");
        }
        TreeMap<ReportKey, Report> known = new TreeMap<>();
        history.forEach(report -> known.put(report.key(), report));
        include.forEach(report -> known.put(report.key(), report));
        List<Report> newestFirst = include.stream().map(report -> known.get(report.key())).distinct()
                .sorted(Comparator.comparing(Report::key).reversed()).toList();
        List<ReportKey> keys = newestFirst.stream().map(Report::key).toList();

        List<Report> chartIssues = new ArrayList<>(known.headMap(keys.get(0), true).values());
        chartIssues = chartIssues.subList(Math.max(0, chartIssues.size() - CHART_ISSUES), chartIssues.size());

        String subject = messages.get("digest.subject", messages.get("bulletin.name"), range(keys));
        return new DigestContent(keys, subject, text(newestFirst, known, chartIssues),
                html(subject, newestFirst, known, chartIssues),
                TrendChart.render(chartIssues, new HashSet<>(keys)));
    }

    /** The issue range as people read it: {@code 2024年第39期 – 第45期}. */
    String range(List<ReportKey> newestFirst) {
        ReportKey newest = newestFirst.get(0);
        ReportKey oldest = newestFirst.get(newestFirst.size() - 1);
        if (newest.equals(oldest)) {
            return label(newest);
        }
        String end = newest.year() == oldest.year() ? shortLabel(newest) : label(newest);
        return messages.get("digest.range", label(oldest), end);
    }

    private String text(List<Report> newestFirst, TreeMap<ReportKey, Report> known, List<Report> chartIssues) {
        StringBuilder out = new StringBuilder();
        out.append(messages.get("bulletin.name")).append("\n").append(intro(newestFirst.size())).append("\n");
        for (Report report : newestFirst) {
            ReportChange change = change(report, known);
            out.append("\n").append(label(report.key())).append("\n");
            report.warnings().forEach(warning -> out.append(messages.get("digest.warning", warning)).append("\n"));
            out.append(period(report)).append("\n").append(messages.get("digest.rating", rating(report))).append("\n");
            for (ReportCount count : ReportCount.values()) {
                out.append("  ").append(countLabel(count)).append(": ").append(value(report, count));
                String against = against(report, change, count);
                if (against != null) {
                    out.append(" (").append(against).append(")");
                }
                out.append("\n");
            }
            if (report.url() != null) {
                out.append("  ").append(report.url()).append("\n");
            }
        }
        out.append("\n").append(chartAlt(chartIssues)).append("\n").append(messages.get("digest.text.chart"))
                .append("\n\n").append(messages.get("digest.footer")).append("\n");
        unsubscribeUrl.ifPresent(url -> out.append(messages.get("digest.unsubscribe.text", url)).append("\n"));
        return out.toString();
    }

    private String html(String subject, List<Report> newestFirst, TreeMap<ReportKey, Report> known,
            List<Report> chartIssues) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"").append(messages.language()).append("\"><head>")
                .append("<meta charset=\"UTF-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"x-apple-disable-message-reformatting\">")
                .append("<title>").append(escape(subject)).append("</title></head>\n")
                .append("<body style=\"margin:0;padding:0;background:#f3f4f6;\">\n")
                .append(layoutTable("background:#f3f4f6;")).append("<tr><td align=\"center\" style=\"padding:12px 6px;\">\n")
                .append("<!--[if mso]><table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" "
                        + "border=\"0\"><tr><td><![endif]-->\n")
                .append(layoutTable("max-width:640px;background:#ffffff;font-family:" + FONT
                        + ";color:#222222;font-size:15px;line-height:1.5;"))
                .append("\n<tr><td style=\"padding:16px 14px 8px;\">")
                .append("<h1 style=\"margin:0 0 6px;font-size:20px;line-height:1.3;\">")
                .append(escape(messages.get("digest.heading", messages.get("bulletin.name")))).append("</h1>")
                .append("<p style=\"margin:0;color:#555555;\">").append(escape(intro(newestFirst.size())))
                .append("</p></td></tr>\n");
        for (Report report : newestFirst) {
            out.append("<tr><td style=\"padding:8px 14px;\">").append(issueBlock(report, change(report, known)))
                    .append("</td></tr>\n");
        }
        out.append("<tr><td style=\"padding:8px 14px;\"><h2 style=\"margin:8px 0;font-size:16px;\">")
                .append(escape(messages.get("digest.chart.title", chartIssues.size()))).append("</h2>")
                .append("<img src=\"cid:").append(DigestMail.CHART_CONTENT_ID).append("\" width=\"")
                .append(TrendChart.WIDTH - 28).append("\" alt=\"").append(escape(chartAlt(chartIssues)))
                .append("\" style=\"display:block;width:100%;max-width:").append(TrendChart.WIDTH - 28)
                .append("px;height:auto;border:0;\">")
                .append("<p style=\"margin:6px 0 0;font-size:13px;color:#666666;\">")
                .append(escape(messages.get("digest.chart.legend"))).append("</p></td></tr>\n")
                .append("<tr><td style=\"padding:12px 14px 18px;font-size:13px;color:#666666;\">")
                .append(escape(messages.get("digest.footer")));
        unsubscribeUrl.ifPresent(url -> out.append("<br><a href=\"").append(escape(url.toString()))
                .append("\" style=\"color:#1a4f8b;\">").append(escape(messages.get("digest.unsubscribe")))
                .append("</a>"));
        return out.append("</td></tr>\n</table>\n<!--[if mso]></td></tr></table><![endif]-->\n")
                .append("</td></tr></table>\n</body></html>\n").toString();
    }

    /** One issue: its name and week, any warning first, then each figure on its own line with its change. */
    private String issueBlock(Report report, ReportChange change) {
        StringBuilder out = new StringBuilder(layoutTable("border:1px solid #dddddd;"));
        out.append("<tr><td colspan=\"2\" style=\"padding:10px 12px;background:#eef3fa;\">")
                .append(link(report)).append("<br><span style=\"font-size:13px;color:#555555;\">")
                .append(escape(period(report))).append(" · ").append(escape(messages.get("digest.rating",
                        rating(report)))).append("</span></td></tr>");
        for (String warning : report.warnings()) {
            out.append("<tr><td colspan=\"2\" style=\"padding:8px 12px;background:#fff4e0;color:#7a4b00;\">")
                    .append(escape(messages.get("digest.warning", warning))).append("</td></tr>");
        }
        for (ReportCount count : ReportCount.values()) {
            out.append("<tr><td style=\"").append(CELL).append("\">").append(escape(countLabel(count)))
                    .append("</td><td align=\"right\" style=\"").append(CELL).append("white-space:nowrap;\">")
                    .append("<b style=\"font-size:16px;\">").append(escape(value(report, count))).append("</b>");
            String against = against(report, change, count);
            if (against != null) {
                out.append("<br><span style=\"font-size:12px;color:#666666;\">").append(escape(against))
                        .append("</span>");
            }
            out.append("</td></tr>");
        }
        return out.append("</table>").toString();
    }

    private static String layoutTable(String style) {
        return "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "style=\"border-collapse:collapse;" + style + "\">";
    }

    private String intro(int issues) {
        return issues == 1 ? messages.get("digest.intro.one") : messages.get("digest.intro.many", issues);
    }

    /** {@code 较第38期 +319%}, naming how many issues are missing in between; null when there is no change. */
    private String against(Report report, ReportChange change, ReportCount count) {
        String delta = change.change(count);
        if (delta == null) {
            return null;
        }
        ReportKey previous = change.previous().key();
        String baseline = previous.year() == report.year() ? shortLabel(previous) : label(previous);
        Integer between = change.issuesBetween();
        return between != null && between > 0 ? messages.get("change.against.gap", delta, baseline, between)
                : messages.get("change.against", delta, baseline);
    }

    /** Every figure of the chart, for readers whose client shows no images. */
    private String chartAlt(List<Report> chartIssues) {
        List<String> items = chartIssues.stream().map(report -> messages.get("digest.chart.alt.item",
                label(report.key()), report.incidentsTotal() == null ? messages.get("count.unknown")
                        : report.incidentsTotal().toString())).toList();
        return messages.get("digest.chart.alt", String.join(messages.get("digest.chart.alt.separator"), items));
    }

    /** Against the previous known issue: the one with the next-lower key. */
    private static ReportChange change(Report report, TreeMap<ReportKey, Report> known) {
        Map.Entry<ReportKey, Report> previous = known.lowerEntry(report.key());
        return new ReportChange(report, previous == null ? null : previous.getValue());
    }

    private String link(Report report) {
        String label = "<b style=\"font-size:17px;\">" + escape(label(report.key())) + "</b>";
        return report.url() == null ? label
                : "<a href=\"" + escape(report.url()) + "\" title=\"" + escape(report.title())
                        + "\" style=\"color:#1a4f8b;text-decoration:none;\">" + label + "</a>";
    }

    private String label(ReportKey key) {
        return messages.get("issue.label", key.year(), key.issue());
    }

    private String shortLabel(ReportKey key) {
        return messages.get("issue.label.same-year", key.year(), key.issue());
    }

    private String countLabel(ReportCount count) {
        return messages.get("count." + count.jsonName());
    }

    /** The count, marked ⚠ when a validation warning concerns it. */
    private String value(Report report, ReportCount count) {
        Integer value = count.of(report);
        String shown = value == null ? messages.get("count.unknown") : value.toString();
        return !report.warnings().isEmpty() && ReportValidator.suspectCounts(report).contains(count) ? "⚠ " + shown
                : shown;
    }

    private String period(Report report) {
        return messages.get("digest.period", date(report.periodStart()), date(report.periodEnd()));
    }

    private String date(java.time.LocalDate date) {
        return date == null ? messages.get("count.unknown") : date.toString();
    }

    private String rating(Report report) {
        return Rating.label(report.rating(), messages);
    }

    /** Safe in text and in double-quoted attributes. */
    private static String escape(String text) {
        return Entities.escape(text);
    }
}
