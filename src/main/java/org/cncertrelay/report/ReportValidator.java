package org.cncertrelay.report;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.cncertrelay.i18n.Messages;

/**
 * Plausibility checks on a parsed issue. A record that fails them is still kept: the warnings travel with it into
 * the CSV, the logs and every sink, so a human can look at the issue.
 */
public final class ReportValidator {

    private final Messages messages;

    /** Warnings in the language of {@code messages} ({@code relay.language}). */
    public ReportValidator(Messages messages) {
        this.messages = messages;
    }

    public List<String> check(Report report) {
        List<String> warnings = new ArrayList<>();
        if (report.periodStart() == null || report.periodEnd() == null) {
            warnings.add(messages.get("warning.week-missing"));
        } else {
            long days = ChronoUnit.DAYS.between(report.periodStart(), report.periodEnd()) + 1;
            if (days != 7) {
                warnings.add(messages.get("warning.week-length", days, report.periodStart().toString(),
                        report.periodEnd().toString()));
            }
            if (report.published() != null && !report.published().isAfter(report.periodEnd())) {
                warnings.add(messages.get("warning.published-early", report.published().toString(),
                        report.periodEnd().toString()));
            }
        }
        if (report.published() == null) {
            warnings.add(messages.get("warning.published-unknown"));
        }
        if (report.rating() == null) {
            warnings.add(messages.get("warning.rating-missing"));
        }
        Integer total = report.incidentsTotal();
        if (total == null) {
            warnings.add(messages.get("warning.total-missing"));
        } else {
            notAbove("warning.cross-border-above-total", report.incidentsCrossBorder(), total, warnings);
            notAbove("warning.phishing-above-total", report.phishingComplaints(), total, warnings);
        }
        legacyProblems(report).forEach(problem -> warnings.add(messages.get(problem.key(), problem.arguments())));
        return warnings;
    }

    /** A part, then the whole it is a part of: a GOV count is a part of all sites, a direct-IP count of the IPs. */
    private static final LegacyFigure[][] PARTS_OF_WHOLES = {
        {LegacyFigure.DEFACED_GOV_SITES, LegacyFigure.DEFACED_SITES},
        {LegacyFigure.BACKDOORED_GOV_SITES, LegacyFigure.BACKDOORED_SITES},
        {LegacyFigure.MALWARE_DIRECT_IPS, LegacyFigure.MALWARE_IPS},
    };
    private static final List<LegacyFigure> RISKS = List.of(LegacyFigure.CNVD_HIGH_RISK,
            LegacyFigure.CNVD_MEDIUM_RISK, LegacyFigure.CNVD_LOW_RISK);
    /**
     * Each host count is stated to 0.1万 (±500), so their sum may be off by 1500; beyond that, and beyond 5% (the
     * infected hosts may include other malware in some years), the three do not describe the same hosts.
     */
    private static final int HOSTS_ROUNDING = 1500;

    private static boolean hostsDoNotAddUp(Report report) {
        Integer infected = report.figure(LegacyFigure.INFECTED_HOSTS);
        Integer botnet = report.figure(LegacyFigure.BOTNET_HOSTS);
        Integer conficker = report.figure(LegacyFigure.CONFICKER_HOSTS);
        if (infected == null || botnet == null || conficker == null) {
            return false;
        }
        long difference = Math.abs((long) botnet + conficker - infected);
        return difference > Math.max(HOSTS_ROUNDING, infected / 20);
    }

    /**
     * A legacy figure check that failed: its warning (message key and arguments, formatted only where it is shown)
     * and the figures it makes suspect.
     */
    private record Problem(String key, Object[] arguments, List<LegacyFigure> figures) {
    }

    private static List<Problem> legacyProblems(Report report) {
        List<Problem> problems = new ArrayList<>();
        for (LegacyFigure[] partOfWhole : PARTS_OF_WHOLES) {
            Integer part = report.figure(partOfWhole[0]);
            Integer whole = report.figure(partOfWhole[1]);
            if (part != null && whole != null && part > whole) {
                problems.add(new Problem("warning.part-above-whole", new Object[] {partOfWhole[0].column(), part,
                    partOfWhole[1].column(), whole}, List.of(partOfWhole)));
            }
        }
        if (hostsDoNotAddUp(report)) {
            problems.add(new Problem("warning.hosts-do-not-add-up", new Object[] {
                report.figure(LegacyFigure.BOTNET_HOSTS), report.figure(LegacyFigure.CONFICKER_HOSTS),
                report.figure(LegacyFigure.INFECTED_HOSTS)}, List.of(LegacyFigure.INFECTED_HOSTS,
                    LegacyFigure.BOTNET_HOSTS, LegacyFigure.CONFICKER_HOSTS)));
        }
        Integer vulnerabilities = report.figure(LegacyFigure.CNVD_VULNERABILITIES);
        List<LegacyFigure> stated = RISKS.stream().filter(risk -> report.figure(risk) != null).toList();
        int byRisk = stated.stream().mapToInt(report::figure).sum();
        if (vulnerabilities != null && byRisk > vulnerabilities) {
            List<LegacyFigure> suspect = new ArrayList<>(stated);
            suspect.add(LegacyFigure.CNVD_VULNERABILITIES);
            problems.add(new Problem("warning.risks-above-vulnerabilities", new Object[] {byRisk, vulnerabilities},
                    suspect));
        }
        return problems;
    }

    /**
     * The legacy figures a reader should not take at face value, as {@link #suspectCounts} for today's counts: a
     * part above its whole, host counts that do not add up, risk counts above the vulnerabilities.
     */
    public static Set<LegacyFigure> suspectFigures(Report report) {
        Set<LegacyFigure> suspect = EnumSet.noneOf(LegacyFigure.class);
        legacyProblems(report).forEach(problem -> suspect.addAll(problem.figures()));
        return suspect;
    }

    /**
     * The counts a reader should not take at face value: a part above the whole it belongs to makes both suspect.
     * Messages mark these at the figures themselves, not only in a note at the end.
     */
    public static Set<ReportCount> suspectCounts(Report report) {
        Set<ReportCount> suspect = EnumSet.noneOf(ReportCount.class);
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

    private void notAbove(String key, Integer count, int total, List<String> warnings) {
        if (count != null && count > total) {
            warnings.add(messages.get(key, count, total));
        }
    }
}
