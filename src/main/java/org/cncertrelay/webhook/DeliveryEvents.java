package org.cncertrelay.webhook;

/** Hears each delivery attempt's outcome, per target: what the relay's metrics count. */
@FunctionalInterface
public interface DeliveryEvents {

    DeliveryEvents NONE = (target, outcome) -> { };

    /** @param outcome {@code delivered}, {@code retry} or {@code dead_letter} */
    void attempted(String target, String outcome);
}
