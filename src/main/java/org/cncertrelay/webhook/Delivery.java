package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;

/**
 * One report owed to one target.
 *
 * @param id       stable per (report, target), e.g. {@code 2024-39.ops}: a resend carries the same id
 * @param previous the previous issue for the change figures, or null
 */
record Delivery(String id, String target, Report report, Report previous, Instant enqueuedAt) {

    /** Record order: a target receives older issues first. */
    static final Comparator<Delivery> RECORD_ORDER = Comparator.comparing((Delivery d) -> d.report().key())
            .thenComparing(Delivery::target);

    static String idFor(ReportKey key, String target) {
        return key.year() + "-" + key.issue() + "." + target;
    }

    String label() {
        return report.label();
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object().put("delivery_id", id).put("target", target);
        node.set("report", ReportJson.toJson(report));
        node.set("previous", previous == null ? null : ReportJson.toJson(previous));
        node.put("enqueued_at", enqueuedAt.toString());
        return node;
    }

    static Delivery fromJson(JsonNode node) {
        JsonNode previous = node.path("previous");
        return new Delivery(node.get("delivery_id").asText(), node.get("target").asText(),
                ReportJson.fromJson(node.get("report")),
                previous.isObject() ? ReportJson.fromJson(previous) : null,
                Instant.parse(node.get("enqueued_at").asText()));
    }
}
