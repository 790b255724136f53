package org.cncertrelay.config;

import java.time.Duration;

/**
 * The values a numeric setting may take, both ends included: whole numbers, or durations in milliseconds. Checked
 * at start, so a value that would fail later (a zero timeout, a duration that overflows, more threads than the
 * machine can start, a port above 65535) stops the relay with one line naming the key instead.
 */
record Bounds(long min, long max) {

    static Bounds wholeNumbers(long min, long max) {
        return new Bounds(min, max);
    }

    static Bounds durations(String min, String max) {
        return new Bounds(Durations.parse(min).toMillis(), Durations.parse(max).toMillis());
    }

    long check(String key, long value) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", is " + value);
        }
        return value;
    }

    Duration check(String key, Duration value) {
        if (value.compareTo(Duration.ofMillis(min)) < 0 || value.compareTo(Duration.ofMillis(max)) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(Duration.ofMillis(min)) + " and "
                    + Durations.format(Duration.ofMillis(max)) + ", is " + Durations.format(value));
        }
        return value;
    }
}
