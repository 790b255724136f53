package org.cncertrelay.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * What a record sink route receives: the generic webhook's versioned JSON document (its {@code event} is
 * {@code report.published}, {@code report.replayed} or {@code report.corrected}), as text, with the facts a route
 * most often needs as headers, so a {@code to:} can use them without parsing the body.
 */
final class SinkFormat implements WebhookFormat {

    /** The record's year (Integer). */
    static final String YEAR = "RelayYear";
    /** The record's issue number within the year (Integer). */
    static final String ISSUE = "RelayIssue";
    /** Stable per (record, sink): a resend after a crash carries the same one, so a sink can deduplicate. */
    static final String DELIVERY_ID = "RelayDeliveryId";
    /** published, replayed or corrected. */
    static final String EVENT = "RelayEvent";

    private final WebhookTarget target;

    SinkFormat(WebhookTarget target) {
        this.target = target;
    }

    @Override
    public WebhookRequest render(Delivery delivery, Instant now) {
        byte[] body = Json.bytes(GenericFormat.document(delivery, "report." + delivery.event(), now));
        return new WebhookRequest(target.url(), Map.of(
                YEAR, Integer.toString(delivery.report().year()),
                ISSUE, Integer.toString(delivery.report().issue()),
                DELIVERY_ID, delivery.id(),
                EVENT, delivery.event(),
                "Content-Type", "application/json; charset=utf-8"), body);
    }

    /** The transport answers 200 when the route completed, 503 with the exception when it threw. */
    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromStatus(reply);
    }
}
