package org.cncertrelay.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 30m}, {@code 24h}, {@code 3d}, a plain
 * number of seconds ({@code 30}) or ISO-8601 ({@code PT30M}). Units and ISO letters may be upper or lower case.
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * @throws java.time.format.DateTimeParseException when {@code text} is no duration
     * @throws ArithmeticException or {@link NumberFormatException} when the amount is too large
     */
    public static Duration parse(String text) {
        String value = text.trim();
        Matcher matcher = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        return Duration.parse(value);
    }

    /** {@code duration} in the largest unit that states it exactly, as operators write it: 100ms, 30s, 10m, 24h, 7d. */
    public static String format(Duration duration) {
        if (duration.toDays() > 1_000_000) {
            return duration.toDays() + "d"; // only ever shown as too long; toMillis() overflows for the longest
        }
        long millis = duration.toMillis();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis == 0 ? "0s" : millis + "ms";
    }
}
