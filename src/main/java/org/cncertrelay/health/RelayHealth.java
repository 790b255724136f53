package org.cncertrelay.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Whether the relay does its job, as an operator means it: a poll succeeded recently (a source that went silent
 * or blocks us is noticed, not hidden) and no webhook message waits in the dead-letter store.
 */
public final class RelayHealth {

    /** UP, or DOWN with the reasons. */
    public record Verdict(boolean up, List<String> reasons) {
    }

    private final Supplier<Instant> lastPollSuccess;
    private final IntSupplier deadLettersWaiting;
    private final Duration maxSilence;
    private final Instant startedAt;

    public RelayHealth(Supplier<Instant> lastPollSuccess, IntSupplier deadLettersWaiting, Duration maxSilence,
            Instant startedAt) {
        this.lastPollSuccess = lastPollSuccess;
        this.deadLettersWaiting = deadLettersWaiting;
        this.maxSilence = maxSilence;
        this.startedAt = startedAt;
    }

    public Verdict check(Instant now) {
        List<String> reasons = new ArrayList<>();
        Instant lastSuccess = lastPollSuccess.get();
        Instant silentSince = lastSuccess != null ? lastSuccess : startedAt;
        if (Duration.between(silentSince, now).compareTo(maxSilence) > 0) {
            reasons.add(lastSuccess == null
                    ? "no poll has succeeded since start-up at " + startedAt + " (relay.health.max-silence "
                            + maxSilence + "); check the sources and the WARN lines in the log"
                    : "no poll has succeeded since " + lastSuccess + " (relay.health.max-silence " + maxSilence
                            + "); check the sources and the WARN lines in the log");
        }
        int deadLetters = deadLettersWaiting.getAsInt();
        if (deadLetters > 0) {
            reasons.add(deadLetters + " webhook message(s) in the dead-letter store; fix the target, then run "
                    + "--replay-dead-letters");
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }
}
