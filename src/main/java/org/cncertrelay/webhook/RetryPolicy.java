package org.cncertrelay.webhook;

import java.time.Duration;

/**
 * Exponential backoff: the wait doubles after every failed attempt, up to {@code maxDelay}; a receiver's own hint
 * (Retry-After) is followed up to {@code maxDelay} too. Of the {@code maxAttempts}, at most
 * {@code unansweredResends} follow a send that got no answer (connection reset, answer timed out): the receiver
 * may have that message already, so each resend may show it twice.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts, int unansweredResends) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(10), 8, 1);

    public RetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay");
        }
        if (maxAttempts < 1 || unansweredResends < 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1 and unansweredResends >= 0");
        }
    }

    /** This backoff without a last attempt: tried until done, never dead-lettered while it can be retried. */
    public RetryPolicy untilDone() {
        return new RetryPolicy(initialDelay, maxDelay, Integer.MAX_VALUE, unansweredResends);
    }

    /** False for {@link #untilDone()}: nothing is ever given up. */
    boolean hasLastAttempt() {
        return maxAttempts != Integer.MAX_VALUE;
    }

    /** "3/8" for the third of eight attempts; "3" when there is no last one. */
    String attemptOf(int attempt) {
        return hasLastAttempt() ? attempt + "/" + maxAttempts : Integer.toString(attempt);
    }

    /** The wait before the next attempt once {@code failedAttempts} (1 or more) attempts have failed. */
    public Duration delayAfter(int failedAttempts) {
        Duration delay = initialDelay;
        for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * The wait before the next attempt: the receiver's hint when it gave one, else the backoff; never longer than
     * {@code maxDelay}, so a {@code Retry-After: 86400} does not park the target's worker for a day.
     */
    public Duration delayAfter(int failedAttempts, Duration receiverHint) {
        if (receiverHint == null) {
            return delayAfter(failedAttempts);
        }
        return receiverHint.compareTo(maxDelay) > 0 ? maxDelay : receiverHint;
    }
}
