package org.cncertrelay.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a receiver answered.
 *
 * @param retryAfter the raw {@code Retry-After} header, or null
 */
public record HttpReply(int status, String body, String retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** {@code Retry-After} as a wait: seconds (fractions allowed) or an HTTP date, relative to {@code now}. */
    public Optional<Duration> retryAfterDelay(Instant now) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(retryAfter.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** The start of the body, for failure reasons and logs. */
    public String bodySnippet() {
        String text = body == null ? "" : body.strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
