package org.cncertrelay.digest;

import java.util.List;
import org.cncertrelay.report.ReportKey;

/**
 * What one digest says, before it is addressed to anybody.
 *
 * @param issues   the issues it covers, newest first
 * @param subject  the subject line
 * @param text     the text/plain body
 * @param html     the text/html body; shows the chart through {@code cid:} {@link DigestMail#CHART_CONTENT_ID}
 * @param chartPng the trend chart
 */
public record DigestContent(List<ReportKey> issues, String subject, String text, String html, byte[] chartPng) {

    public DigestContent {
        issues = List.copyOf(issues);
    }

    /** The issue range as people read it, such as {@code 2024年第39期 – 第45期}. */
    public String range() {
        return range(issues);
    }

    static String range(List<ReportKey> newestFirst) {
        ReportKey newest = newestFirst.get(0);
        ReportKey oldest = newestFirst.get(newestFirst.size() - 1);
        if (newest.equals(oldest)) {
            return newest.label();
        }
        String end = newest.year() == oldest.year() ? "第" + newest.issue() + "期" : newest.label();
        return oldest.label() + " – " + end;
    }
}
