package org.cncertrelay.webhook;

import java.util.ArrayList;
import java.util.List;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;

/**
 * What every chat message says about a new report, worded once so that all targets tell the same story; each
 * format only decides the markup.
 */
final class ReportSummary {

    static final String PERIOD_LABEL = "统计周期";
    static final String RATING_LABEL = "整体评价";
    static final String WARNINGS_LABEL = "校验提示";
    static final String READ_MORE = "阅读全文";

    // Warnings are for a quick look; the full list stays in the record and the generic payload.
    private static final int MAX_WARNINGS = 8;
    private static final int MAX_WARNING_CHARS = 300;

    private final Report report;
    private final ReportChange change;

    ReportSummary(Report report, Report previous) {
        this.report = report;
        this.change = new ReportChange(report, previous);
    }

    record Fact(String label, String value) {
    }

    Report report() {
        return report;
    }

    String title() {
        return report.title();
    }

    /**
     * The article URL made safe for every chat tool's markup (see {@link WebhookFormat#linkUrl}), or null when the
     * record has none, or none that is http(s).
     */
    String url() {
        return WebhookFormat.linkUrl(report.url());
    }

    String label() {
        return report.label();
    }

    /** The title as a standard markdown link (DingTalk, WeCom, Feishu, Teams), plain when there is no URL. */
    String markdownTitleLink() {
        return url() == null ? title() : "[" + title().replace("]", "］") + "](" + url() + ")";
    }

    String period() {
        if (report.periodStart() == null && report.periodEnd() == null) {
            return ReportChange.UNKNOWN;
        }
        return orUnknown(report.periodStart()) + " 至 " + orUnknown(report.periodEnd());
    }

    String rating() {
        return report.rating() == null ? ReportChange.UNKNOWN : report.rating().chinese();
    }

    /** Week and rating, then the five counts with their change against the previous issue. */
    List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(PERIOD_LABEL, period()));
        facts.add(new Fact(RATING_LABEL, rating()));
        facts.addAll(counts());
        return facts;
    }

    List<Fact> counts() {
        List<Fact> counts = new ArrayList<>();
        for (ReportCount count : ReportCount.values()) {
            counts.add(new Fact(count.label(), change.describe(count)));
        }
        return counts;
    }

    /** The validation warnings, shortened; the last line says how many were left out. */
    List<String> warnings() {
        List<String> all = report.warnings();
        List<String> brief = new ArrayList<>();
        for (String warning : all.subList(0, Math.min(all.size(), MAX_WARNINGS))) {
            brief.add(WebhookFormat.shorten(warning, MAX_WARNING_CHARS));
        }
        if (all.size() > MAX_WARNINGS) {
            brief.add("另有 " + (all.size() - MAX_WARNINGS) + " 条");
        }
        return brief;
    }

    private static String orUnknown(Object value) {
        return value == null ? ReportChange.UNKNOWN : value.toString();
    }
}
