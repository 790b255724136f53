package org.cncertrelay.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.LegacyFigure;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;
import org.cncertrelay.report.ReportValidator;

/**
 * What every chat message says about a new report, worded once in the target's language so that all targets tell
 * the same story; each format only decides the markup. Text from outside (the title, warnings) is bounded here, so
 * every message stays within its service's limits with its link and all its figures, and says when it shortened.
 */
final class ReportSummary {

    /** The bulletin's own titles are ~60 characters; a longer one is data gone wrong, or hostile. */
    static final int MAX_TITLE_CHARS = 120;
    // Warnings are for a quick look; the full list stays in the record and the generic payload.
    private static final int MAX_WARNINGS = 5;
    private static final int MAX_WARNING_CHARS = 200;

    /** Which way a count moved against the issue before, for the formats that colour it. */
    enum Direction { UP, DOWN, SAME, UNKNOWN }

    private final Report report;
    private final ReportChange change;
    private final Messages messages;
    private final Set<ReportCount> suspect;
    private final Set<LegacyFigure> suspectFigures;

    ReportSummary(Report report, Report previous, Messages messages) {
        this.report = report;
        this.change = new ReportChange(report, previous);
        this.messages = messages;
        this.suspect = report.warnings().isEmpty() ? Set.of() : ReportValidator.suspectCounts(report);
        this.suspectFigures = report.warnings().isEmpty() ? Set.of() : ReportValidator.suspectFigures(report);
    }

    /**
     * One line of figures.
     *
     * @param suspect a validation warning concerns it: marked ⚠, never in a "good news" colour
     */
    record Fact(String label, String value, Direction direction, boolean suspect) {
    }

    Report report() {
        return report;
    }

    String text(String key, Object... arguments) {
        return messages.get(key, arguments);
    }

    /** The title, at most {@link #MAX_TITLE_CHARS} characters (see {@link #shortened()}). */
    String title() {
        return WebhookFormat.shorten(report.title(), MAX_TITLE_CHARS);
    }

    /** True when the title or the warnings were shortened: each format says so in its message. */
    boolean shortened() {
        return report.title().length() > MAX_TITLE_CHARS || report.warnings().size() > MAX_WARNINGS
                || report.warnings().stream().anyMatch(warning -> warning.length() > MAX_WARNING_CHARS);
    }

    /** {@code （标题过长，已截短）}, the note a shortened message carries. */
    String shortenedNote() {
        return messages.get("chat.shortened");
    }

    /**
     * The article URL made safe for every chat tool's markup (see {@link WebhookFormat#linkUrl}), or null when the
     * record has none, or none that is http(s).
     */
    String url() {
        return WebhookFormat.linkUrl(report.url());
    }

    /** {@code 2024年第39期} / {@code No. 39/2024}. */
    String label() {
        return messages.get("issue.label", report.year(), report.issue());
    }

    /** The title as a standard markdown link (DingTalk, WeCom, Feishu, Teams), plain when there is no URL. */
    String markdownTitleLink() {
        return url() == null ? title() : "[" + title().replace("[", "［").replace("]", "］") + "](" + url() + ")";
    }

    String period() {
        if (report.periodStart() == null && report.periodEnd() == null) {
            return ReportChange.UNKNOWN;
        }
        return messages.get("chat.period.value", orUnknown(report.periodStart()), orUnknown(report.periodEnd()));
    }

    String rating() {
        return Rating.label(report.rating(), messages);
    }

    /**
     * Week and rating, then the five counts with their change against the previous issue, then the legacy figures
     * the issue states (none for today's issues).
     */
    List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(messages.get("chat.period"), period(), Direction.UNKNOWN, false));
        facts.add(new Fact(messages.get("chat.rating"), rating(), Direction.UNKNOWN, false));
        facts.addAll(counts());
        facts.addAll(legacyFacts());
        return facts;
    }

    /** The figures of a full-text issue of 2013–2020 that it states, in the bulletin's order, suspect ones marked. */
    List<Fact> legacyFacts() {
        List<Fact> facts = new ArrayList<>();
        for (LegacyFigure figure : LegacyFigure.values()) {
            Integer value = report.figure(figure);
            if (value != null) {
                boolean doubtful = suspectFigures.contains(figure);
                facts.add(new Fact(messages.get("figure." + figure.column()), (doubtful ? "⚠ " : "") + value,
                        Direction.UNKNOWN, doubtful));
            }
        }
        if (report.vulnerabilityLevel() != null) {
            facts.add(new Fact(messages.get("figure." + LegacyFigure.VULNERABILITY_LEVEL_COLUMN),
                    report.vulnerabilityLevel(), Direction.UNKNOWN, false));
        }
        return facts;
    }

    List<Fact> counts() {
        List<Fact> counts = new ArrayList<>();
        for (ReportCount count : ReportCount.values()) {
            boolean doubtful = suspect.contains(count);
            counts.add(new Fact(messages.get("count." + count.jsonName()), (doubtful ? "⚠ " : "") + value(count),
                    direction(count), doubtful));
        }
        return counts;
    }

    /** {@code 742（较第38期 +319%）}: the count with its change, naming the issue it is measured against. */
    private String value(ReportCount count) {
        Integer now = count.of(report);
        if (now == null) {
            return ReportChange.UNKNOWN;
        }
        String delta = change.change(count);
        if (delta == null) {
            return now.toString();
        }
        Report previous = change.previous();
        String baseline = previous.year() == report.year()
                ? messages.get("issue.label.same-year", previous.year(), previous.issue())
                : messages.get("issue.label", previous.year(), previous.issue());
        Integer between = change.issuesBetween();
        String against = between != null && between > 0
                ? messages.get("change.against.gap", delta, baseline, between)
                : messages.get("change.against", delta, baseline);
        return messages.get("chat.value", now, against);
    }

    private Direction direction(ReportCount count) {
        Integer delta = change.delta(count);
        if (delta == null) {
            return Direction.UNKNOWN;
        }
        return delta > 0 ? Direction.UP : delta < 0 ? Direction.DOWN : Direction.SAME;
    }

    /** The heading before the warnings: {@code ⚠ 请核对以下数字}. */
    String warningsLabel() {
        return messages.get("chat.warnings");
    }

    /** The validation warnings, shortened; the last line says how many were left out. */
    List<String> warnings() {
        List<String> all = report.warnings();
        List<String> brief = new ArrayList<>();
        for (String warning : all.subList(0, Math.min(all.size(), MAX_WARNINGS))) {
            brief.add(WebhookFormat.shorten(warning, MAX_WARNING_CHARS));
        }
        if (all.size() > MAX_WARNINGS) {
            brief.add(messages.get("chat.more-warnings", all.size() - MAX_WARNINGS));
        }
        return brief;
    }

    String readMore() {
        return messages.get("chat.read-more");
    }

    private static String orUnknown(Object value) {
        return value == null ? ReportChange.UNKNOWN : value.toString();
    }
}
