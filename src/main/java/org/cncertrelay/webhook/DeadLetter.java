package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A delivery given up on: the receiver refused it for good, or retries ran out.
 *
 * @param payload the body of the last attempt, as sent (null if it could not even be rendered)
 */
record DeadLetter(Delivery delivery, String payload, String reason, int attempts, Instant time) {

    ObjectNode toJson() {
        ObjectNode node = Json.object()
                .put("kind", "webhook")
                .put("delivery_id", delivery.id())
                .put("target", delivery.target())
                .put("report", delivery.label())
                .put("reason", reason)
                .put("attempts", attempts)
                .put("time", time.toString())
                .put("payload", payload);
        node.set("delivery", delivery.toJson());
        return node;
    }

    static DeadLetter fromJson(JsonNode node) {
        return new DeadLetter(Delivery.fromJson(node.get("delivery")), node.path("payload").asText(null),
                node.path("reason").asText(), node.path("attempts").asInt(), Instant.parse(node.get("time").asText()));
    }
}
