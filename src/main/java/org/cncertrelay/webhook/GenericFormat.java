package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cncertrelay.crypto.Hmac;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;
import org.cncertrelay.report.ReportJson;

/**
 * A versioned JSON document for any receiver (its JSON Schema: {@code schema/cncert-relay.report.v1.schema.json}),
 * sent as Standard Webhooks: {@code webhook-id} (the {@code delivery_id}, the same on every resend, for
 * deduplication), {@code webhook-timestamp} and, with a secret, {@code webhook-signature}. The relay's older
 * headers stay for receivers written before: {@code X-Relay-Delivery}, and with a secret
 * {@code X-Relay-Signature: sha256=<hex HMAC-SHA256(secret, body)>} with {@code X-Relay-Timestamp} (which that
 * signature does not cover: verify {@code webhook-signature} instead).
 */
final class GenericFormat implements WebhookFormat {

    static final String SCHEMA = "cncert-relay.report/v1";
    static final String EVENT = "report.published";

    private final WebhookTarget target;

    GenericFormat(WebhookTarget target) {
        this.target = target;
    }

    @Override
    public WebhookRequest render(Delivery delivery, Instant now) {
        byte[] body = Json.bytes(document(delivery, EVENT, now));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", Long.toString(now.getEpochSecond()));
        headers.put("X-Relay-Delivery", delivery.id());
        if (target.secret() != null) {
            headers.put("webhook-signature", new StandardWebhookSignature(target.secret())
                    .sign(delivery.id(), now.getEpochSecond(), body));
            headers.put("X-Relay-Timestamp", Long.toString(now.getEpochSecond()));
            headers.put("X-Relay-Signature", "sha256=" + Hmac.sha256Hex(target.secret(), body));
        }
        return WebhookFormat.jsonPost(target.url(), body, headers);
    }

    /** The versioned document of the schema, saying {@code event}. */
    static ObjectNode document(Delivery delivery, String event, Instant now) {
        ObjectNode document = Json.object()
                .put("schema", SCHEMA)
                .put("event", event)
                .put("delivery_id", delivery.id())
                .put("sent_at", now.toString());
        document.set("report", ReportJson.toJson(delivery.report()));
        document.set("change", change(new ReportChange(delivery.report(), delivery.previous())));
        return document;
    }

    /** Per count: previous value, delta, percent (null when unknown); null when there is no previous issue. */
    private static ObjectNode change(ReportChange change) {
        if (!change.known()) {
            return null;
        }
        ObjectNode node = Json.object()
                .put("previous_issue", change.previous().label())
                .put("previous_year", change.previous().year())
                .put("previous_issue_number", change.previous().issue());
        ObjectNode counts = node.putObject("counts");
        for (ReportCount count : ReportCount.values()) {
            counts.putObject(count.jsonName())
                    .put("previous", change.previousValue(count))
                    .put("delta", change.delta(count))
                    .put("percent", change.percent(count));
        }
        return node;
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromStatus(reply);
    }
}
