package org.cncertrelay.report;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Plausibility checks on a parsed issue. A record that fails them is still kept: the warnings travel with it into
 * the CSV, the logs and every sink, so a human can look at the issue.
 */
public final class ReportValidator {

    public List<String> check(Report report) {
        List<String> warnings = new ArrayList<>();
        if (report.periodStart() == null || report.periodEnd() == null) {
            warnings.add("week not found in the title");
        } else {
            long days = ChronoUnit.DAYS.between(report.periodStart(), report.periodEnd()) + 1;
            if (days != 7) {
                warnings.add("week spans " + days + " days (" + report.periodStart() + ".." + report.periodEnd()
                        + "), expected 7");
            }
            if (report.published() != null && !report.published().isAfter(report.periodEnd())) {
                warnings.add("published " + report.published() + ", not after the week ending "
                        + report.periodEnd());
            }
        }
        if (report.published() == null) {
            warnings.add("publish date unknown");
        }
        if (report.rating() == null) {
            warnings.add("posture rating (整体评价) not found");
        }
        Integer total = report.incidentsTotal();
        if (total == null) {
            warnings.add("incident total (共处理网络安全事件) not found");
        } else {
            notAbove("cross-border incidents", report.incidentsCrossBorder(), total, warnings);
            notAbove("phishing complaints", report.phishingComplaints(), total, warnings);
        }
        return warnings;
    }

    /**
     * The counts a reader should not take at face value: a part above the whole it belongs to makes both suspect.
     * Messages mark these at the figures themselves, not only in a note at the end.
     */
    public static java.util.Set<ReportCount> suspectCounts(Report report) {
        java.util.Set<ReportCount> suspect = java.util.EnumSet.noneOf(ReportCount.class);
        Integer total = report.incidentsTotal();
        for (ReportCount part : List.of(ReportCount.INCIDENTS_CROSS_BORDER, ReportCount.PHISHING_COMPLAINTS)) {
            Integer count = part.of(report);
            if (total != null && count != null && count > total) {
                suspect.add(part);
                suspect.add(ReportCount.INCIDENTS_TOTAL);
            }
        }
        return suspect;
    }

    private static void notAbove(String what, Integer count, int total, List<String> warnings) {
        if (count != null && count > total) {
            warnings.add(what + " (" + count + ") exceed the incident total (" + total + ")");
        }
    }
}
