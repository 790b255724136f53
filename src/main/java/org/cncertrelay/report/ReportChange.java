package org.cncertrelay.report;

import java.util.Locale;

/**
 * How a report's counts moved against the previous issue (the record with the next-lower key). The one place
 * the change is computed, so every sink (chat messages, the generic webhook payload, the digest) states the same
 * numbers: an unknown count is never 0 and has no change, and against a previous 0 there is a difference but no
 * percentage. Two wordings: {@link #describe} for chat ({@code 742 (+319% vs 第38期)}) and {@link #brief} for the
 * digest's table ({@code 742 (+319%)}).
 */
public final class ReportChange {

    /** Shown for a count the bulletin did not state: an unknown count is never 0. */
    public static final String UNKNOWN = "—";

    private final Report current;
    private final Report previous;

    /** @param previous the previous issue, or null when unknown */
    public ReportChange(Report current, Report previous) {
        this.current = current;
        this.previous = previous;
    }

    public boolean known() {
        return previous != null;
    }

    /** The previous issue as readers say it: {@code 第38期} within the same year, else {@code 2023年第52期}. */
    public String previousLabel() {
        if (previous == null) {
            return null;
        }
        return previous.year() == current.year() ? "第" + previous.issue() + "期" : previous.label();
    }

    public Report previous() {
        return previous;
    }

    public Integer previousValue(ReportCount count) {
        return previous == null ? null : count.of(previous);
    }

    /** Current minus previous, or null when either is unknown. */
    public Integer delta(ReportCount count) {
        return delta(count.of(current), previousValue(count));
    }

    /** The change in percent of the previous value, rounded to one decimal; null when unknown or previous is 0. */
    public Double percent(ReportCount count) {
        Double percent = exactPercent(count.of(current), previousValue(count));
        return percent == null ? null : Math.round(percent * 10) / 10.0;
    }

    /** {@code 742 (+319% vs 第38期)}, {@code 742} without a comparable previous count, {@code —} when unknown. */
    public String describe(ReportCount count) {
        Integer now = count.of(current);
        String change = change(count);
        return change == null ? plain(now) : now + " (" + change + " vs " + previousLabel() + ")";
    }

    /**
     * The change alone, as {@link #describe} words it ({@code +319%}, {@code +0.4%}, {@code ±0%}; against a previous
     * 0 the difference, {@code +5}); null when the count or the previous one is unknown.
     */
    public String change(ReportCount count) {
        Integer now = count.of(current);
        Integer before = previousValue(count);
        Integer delta = delta(now, before);
        if (delta == null) {
            return null;
        }
        Double exact = exactPercent(now, before);
        return exact == null ? String.format(Locale.ROOT, "%+d", delta) : formatPercent(exact);
    }

    /**
     * How many issues are missing between the previous issue and this one: 0 when it is the issue right before,
     * null when that cannot be told (no previous issue, or another year and no weeks to count by).
     */
    public Integer issuesBetween() {
        if (previous == null) {
            return null;
        }
        if (previous.year() == current.year()) {
            return Math.max(0, current.issue() - previous.issue() - 1);
        }
        if (previous.periodStart() == null || current.periodStart() == null) {
            return null;
        }
        long weeks = Math.round(java.time.temporal.ChronoUnit.DAYS.between(previous.periodStart(),
                current.periodStart()) / 7.0);
        return (int) Math.max(0, weeks - 1);
    }

    /** {@code 742 (+319%)}, in whole percent and without naming the previous issue; see {@link #brief(Integer, Integer)}. */
    public String brief(ReportCount count) {
        return brief(count.of(current), previousValue(count));
    }

    /**
     * {@code 742 (+319%)}; against a previous 0 the plain difference ({@code 5 (+5)}), as a percentage would be
     * infinite; {@code 742} without a previous value, {@code —} when {@code now} is unknown.
     */
    public static String brief(Integer now, Integer before) {
        Integer delta = delta(now, before);
        if (delta == null) {
            return plain(now);
        }
        String sign = delta > 0 ? "+" : delta < 0 ? "-" : "±";
        Double percent = exactPercent(now, before);
        String change = percent == null ? Integer.toString(Math.abs(delta)) : Math.round(Math.abs(percent)) + "%";
        return now + " (" + sign + change + ")";
    }

    private static Integer delta(Integer now, Integer before) {
        return now == null || before == null ? null : now - before;
    }

    /** Unrounded; null when either value is unknown or the previous one is 0. */
    private static Double exactPercent(Integer now, Integer before) {
        Integer delta = delta(now, before);
        return delta == null || before == 0 ? null : delta * 100.0 / before;
    }

    /** A count without its change: the value, or {@link #UNKNOWN}. */
    private static String plain(Integer now) {
        return now == null ? UNKNOWN : now.toString();
    }

    /**
     * Rounds the exact change once, half away from zero, as the digest does. Rounding the already rounded
     * {@link #percent} again made 345 after 742 (-53.504%) read -53% here but -54% in the digest: Math.round takes
     * -53.5 up to -53.
     */
    private static String formatPercent(double exact) {
        double oneDecimal = Math.signum(exact) * Math.round(Math.abs(exact) * 10) / 10.0;
        if (oneDecimal == 0) {
            return "±0%";
        }
        // Small changes keep a decimal so +0.4% does not read as no change.
        return Math.abs(oneDecimal) < 10
                ? String.format(Locale.ROOT, "%+.1f%%", oneDecimal)
                : String.format(Locale.ROOT, "%+d%%", (long) Math.signum(exact) * Math.round(Math.abs(exact)));
    }
}
