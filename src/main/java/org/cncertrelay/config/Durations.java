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
}
