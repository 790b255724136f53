package org.cncertrelay.webhook;

import java.util.concurrent.TimeUnit;

/**
 * Spaces one target's sends evenly at its per-minute rate, retries included. Even spacing never bursts past
 * what DingTalk or WeCom count per minute. Used by one worker thread only.
 */
final class RateLimit {

    private final long intervalNanos;
    private long nextNanos = System.nanoTime();

    RateLimit(int perMinute) {
        this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
    }

    /** Waits until the next send is allowed: messages wait, never get dropped. */
    void acquire() throws InterruptedException {
        long wait = nextNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        nextNanos = Math.max(nextNanos, System.nanoTime()) + intervalNanos;
    }
}
