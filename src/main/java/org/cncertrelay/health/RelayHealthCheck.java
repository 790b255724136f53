package org.cncertrelay.health;

import java.time.Clock;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Publishes {@link RelayHealth} in Camel's health registry, so /observe/health and /observe/health/ready report it.
 * It is no liveness check: a relay whose database or source is down is not ready, but restarting it would not
 * help, so /observe/health/live stays UP.
 */
public final class RelayHealthCheck extends AbstractHealthCheck {

    private final RelayHealth health;
    private final Clock clock;

    public RelayHealthCheck(RelayHealth health, Clock clock) {
        super("relay", "relay");
        this.health = health;
        this.clock = clock;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RelayHealth.Verdict verdict = health.check(clock.instant());
        if (verdict.up()) {
            builder.up();
        } else {
            builder.message(String.join("; ", verdict.reasons()));
            builder.down();
        }
    }
}
