package org.cncertrelay.webhook;

import java.util.Locale;
import org.cncertrelay.report.Report;

/**
 * How a report's counts moved against the previous issue (the record with the next-lower key). The one place
 * the change is computed, so every target states the same numbers.
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
        Integer now = count.of(current);
        Integer before = previousValue(count);
        return now == null || before == null ? null : now - before;
    }

    /** The change in percent of the previous value, rounded to one decimal; null when unknown or previous is 0. */
    public Double percent(ReportCount count) {
        Integer delta = delta(count);
        Integer before = previousValue(count);
        if (delta == null || before == 0) {
            return null;
        }
        return Math.round(delta * 1000.0 / before) / 10.0;
    }

    /** {@code 742 (+319% vs 第38期)}, {@code 742} without a comparable previous count, {@code —} when unknown. */
    public String describe(ReportCount count) {
        Integer now = count.of(current);
        if (now == null) {
            return UNKNOWN;
        }
        Integer delta = delta(count);
        if (delta == null) {
            return now.toString();
        }
        Integer before = previousValue(count);
        String change = before == 0 ? String.format(Locale.ROOT, "%+d", delta) : formatPercent(delta * 100.0 / before);
        return now + " (" + change + " vs " + previousLabel() + ")";
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
