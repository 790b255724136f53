package org.cncertrelay.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whether the relay does its job, as an operator means it: its database answers, a poll succeeded recently (in a
 * cluster, on any instance: a source that went silent or blocks us is noticed, not hidden) and no webhook message
 * waits in the dead-letter store. Judged from the {@link HealthProbe}'s last look, so it answers at once.
 */
public final class RelayHealth {

    /** UP, or DOWN with the reasons. */
    public record Verdict(boolean up, List<String> reasons) {
    }

    private final Supplier<HealthProbe.Snapshot> state;
    private final Duration maxSilence;
    private final Instant startedAt;

    public RelayHealth(Supplier<HealthProbe.Snapshot> state, Duration maxSilence, Instant startedAt) {
        this.state = state;
        this.maxSilence = maxSilence;
        this.startedAt = startedAt;
    }

    public Verdict check(Instant now) {
        HealthProbe.Snapshot snapshot = state.get();
        List<String> reasons = new ArrayList<>();
        if (snapshot.databaseDownSince() != null) {
            reasons.add("database unreachable since " + snapshot.databaseDownSince() + " ("
                    + snapshot.databaseProblem() + "); check relay.jdbc.url and that PostgreSQL is up");
        }
        Instant lastSuccess = snapshot.lastPollSuccess();
        Instant silentSince = lastSuccess != null ? lastSuccess : startedAt;
        if (Duration.between(silentSince, now).compareTo(maxSilence) > 0) {
            reasons.add(lastSuccess == null
                    ? "no poll has succeeded since start-up at " + startedAt + " (relay.health.max-silence "
                            + maxSilence + "); check the sources and the WARN lines in the log"
                    : "no poll has succeeded since " + lastSuccess + " (relay.health.max-silence " + maxSilence
                            + "); check the sources and the WARN lines in the log");
        }
        if (snapshot.deadLetters() > 0) {
            reasons.add(snapshot.deadLetters() + " webhook message(s) in the dead-letter store; fix the target, then "
                    + "run --replay-dead-letters");
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }
}
