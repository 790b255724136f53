package org.cncertrelay.digest;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;
import org.cncertrelay.report.ReportKey;
import org.jsoup.nodes.Entities;

/**
 * Turns the issues a digest covers into its subject, text and HTML bodies and trend chart. Each count is shown
 * with its change against the previous known issue (the one with the next-lower key in the history), so a reader
 * sees at a glance whether the week was better or worse. A count the bulletin did not state is shown as "—",
 * never 0, and its change is left out.
 */
public final class DigestComposer {

    static final String BULLETIN = "网络安全信息与动态周报";
    static final int CHART_ISSUES = 12;

    private final Optional<URI> unsubscribeUrl;

    public DigestComposer(Optional<URI> unsubscribeUrl) {
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

        return new DigestContent(keys, BULLETIN + " digest: " + DigestContent.range(keys),
                text(newestFirst, known), html(newestFirst, known), TrendChart.render(chartIssues));
    }

    private String text(List<Report> newestFirst, TreeMap<ReportKey, Report> known) {
        StringBuilder out = new StringBuilder();
        out.append(BULLETIN).append(" — ").append(newestFirst.size() == 1 ? "1 new issue" : newestFirst.size()
                + " new issues").append(", newest first.\n")
                .append("Changes compare each issue with the previous known issue.\n");
        for (Report report : newestFirst) {
            ReportChange change = change(report, known);
            out.append("\n").append(report.label()).append("  ").append(period(report))
                    .append("  rating ").append(rating(report)).append("\n");
            for (ReportCount count : ReportCount.values()) {
                out.append(String.format("  %-24s %s%n", count.englishLabel(), change.brief(count)));
            }
            if (report.url() != null) {
                out.append("  ").append(report.url()).append("\n");
            }
            report.warnings().forEach(warning -> out.append("  Warning: ").append(warning).append("\n"));
        }
        out.append("\nThe trend chart of incident totals is in the HTML version of this message.\n");
        unsubscribeUrl.ifPresent(url -> out.append("Unsubscribe: ").append(url).append("\n"));
        return out.toString();
    }

    private String html(List<Report> newestFirst, TreeMap<ReportKey, Report> known) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"UTF-8\"><title>")
                .append(escape(BULLETIN)).append("</title></head>\n<body style=\"font-family:sans-serif;color:#222\">\n")
                .append("<h2>").append(escape(BULLETIN)).append(" — ").append(newestFirst.size())
                .append(newestFirst.size() == 1 ? " new issue" : " new issues").append("</h2>\n")
                .append("<table cellpadding=\"6\" style=\"border-collapse:collapse\" border=\"1\">\n<tr><th>Week</th>")
                .append("<th>Rating</th>");
        for (ReportCount count : ReportCount.values()) {
            out.append("<th>").append(escape(count.englishLabel())).append("</th>");
        }
        out.append("</tr>\n");
        for (Report report : newestFirst) {
            ReportChange change = change(report, known);
            out.append("<tr><td>").append(link(report)).append("<br><small>").append(escape(period(report)))
                    .append("</small></td><td align=\"center\">").append(escape(rating(report))).append("</td>");
            for (ReportCount count : ReportCount.values()) {
                out.append("<td align=\"right\">").append(escape(change.brief(count))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n<p><small>Changes compare each issue with the previous known issue.</small></p>\n");
        List<String> warnings = new ArrayList<>();
        for (Report report : newestFirst) {
            report.warnings().forEach(warning -> warnings.add(report.label() + ": " + warning));
        }
        if (!warnings.isEmpty()) {
            out.append("<h3>Validation warnings</h3>\n<ul>\n");
            warnings.forEach(warning -> out.append("<li>").append(escape(warning)).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("<h3>Incident totals, last issues</h3>\n<img src=\"cid:").append(DigestMail.CHART_CONTENT_ID)
                .append("\" width=\"").append(TrendChart.WIDTH).append("\" height=\"").append(TrendChart.HEIGHT)
                .append("\" alt=\"Bar chart of incident totals per issue\">\n");
        unsubscribeUrl.ifPresent(url -> out.append("<p><small><a href=\"").append(escape(url.toString()))
                .append("\">Unsubscribe</a></small></p>\n"));
        return out.append("</body></html>\n").toString();
    }

    /** Against the previous known issue: the one with the next-lower key. */
    private static ReportChange change(Report report, TreeMap<ReportKey, Report> known) {
        Map.Entry<ReportKey, Report> previous = known.lowerEntry(report.key());
        return new ReportChange(report, previous == null ? null : previous.getValue());
    }

    private static String link(Report report) {
        String label = escape(report.label());
        return report.url() == null ? label
                : "<a href=\"" + escape(report.url()) + "\" title=\"" + escape(report.title()) + "\">" + label + "</a>";
    }

    /** {@code 742 (+319%)}: see {@link ReportChange#brief(Integer, Integer)}. */
    static String withChange(Integer now, Integer before) {
        return ReportChange.brief(now, before);
    }

    private static String period(Report report) {
        return date(report.periodStart()) + " – " + date(report.periodEnd());
    }

    private static String date(LocalDate date) {
        return date == null ? "?" : date.toString();
    }

    private static String rating(Report report) {
        return report.rating() == null ? ReportChange.UNKNOWN : report.rating().chinese();
    }

    /** Safe in text and in double-quoted attributes. */
    private static String escape(String text) {
        return Entities.escape(text);
    }
}
