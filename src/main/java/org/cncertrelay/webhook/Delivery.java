package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import org.cncertrelay.crypto.Sha256;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;

/**
 * One report owed to one target.
 *
 * @param id       stable per (report, target), e.g. {@code 2024-39.ops}: a resend carries the same id
 * @param previous the previous issue for the change figures, or null
 * @param event    why it is owed: {@link #PUBLISHED}, {@link #REPLAYED} or {@link #CORRECTED}; record sinks get it
 *                 as a header, so a receiver can tell a new record from a replay
 */
record Delivery(String id, String target, Report report, Report previous, Instant enqueuedAt, String event) {

    /** A new record, announced for the first time. */
    static final String PUBLISHED = "published";
    /** A dead letter sent again by {@code --replay-dead-letters}. */
    static final String REPLAYED = "replayed";
    /**
     * A record {@code --reparse} corrected, offered to the record sinks again: its id is the first delivery's with
     * {@code ~} and the correction's revision, so it is a delivery of its own and the same correction is offered once.
     */
    static final String CORRECTED = "corrected";

    /** Record order: a target receives older issues first. */
    static final Comparator<Delivery> RECORD_ORDER = Comparator.comparing((Delivery d) -> d.report().key())
            .thenComparing(Delivery::target);

    Delivery(String id, String target, Report report, Report previous, Instant enqueuedAt) {
        this(id, target, report, previous, enqueuedAt, PUBLISHED);
    }

    /** The same delivery, owed again after a replay of its dead letter. */
    Delivery replayed() {
        return new Delivery(id, target, report, previous, enqueuedAt, REPLAYED);
    }

    /** {@code report}'s first delivery to {@code target}, keyed by the issue and the target. */
    static Delivery published(String target, Report report, Report previous, Instant now) {
        return new Delivery(idFor(report.key(), target), target, report, previous, now);
    }

    /** The corrected {@code report} for {@code target}, keyed by a hash of what it now says. */
    static Delivery corrected(String target, Report report, Report previous, Instant now) {
        String revision = Sha256.hex(ReportJson.toJson(report).toString()).substring(0, 12);
        return new Delivery(idFor(report.key(), target) + "~" + revision, target, report, previous, now, CORRECTED);
    }

    /** '' for a record's first delivery (and its replays); the correction's revision for a corrected one. */
    String revision() {
        int tilde = id.indexOf('~');
        return tilde < 0 ? "" : id.substring(tilde + 1);
    }

    private static String idFor(ReportKey key, String target) {
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
        node.put("event", event);
        return node;
    }

    static Delivery fromJson(JsonNode node) {
        JsonNode previous = node.path("previous");
        return new Delivery(node.get("delivery_id").asText(), node.get("target").asText(),
                ReportJson.fromJson(node.get("report")),
                previous.isObject() ? ReportJson.fromJson(previous) : null,
                Instant.parse(node.get("enqueued_at").asText()),
                // journals written before events were recorded hold published deliveries only
                node.path("event").asText(PUBLISHED));
    }
}
