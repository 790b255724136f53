package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Discord webhook: a short {@code content} line plus one embed; 429 answers say {@code retry_after} in seconds. */
final class DiscordFormat extends ChatFormat {

    private static final int MAX_FIELD_VALUE_CHARS = 1024;

    DiscordFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        ObjectNode body = Json.object().put("content", summary.text("chat.discord.content", summary.label()));
        // The title is data from the web: never let it ping anyone.
        body.putObject("allowed_mentions").putArray("parse");
        String description = summary.text("chat.period") + "：" + summary.period() + "\n"
                + summary.text("chat.rating") + "：" + summary.rating()
                + (summary.shortened() ? "\n" + summary.shortenedNote() : "");
        ObjectNode embed = body.putArray("embeds").addObject()
                .put("title", summary.title())
                .put("description", description)
                .put("color", colour(summary));
        if (summary.url() != null) {
            embed.put("url", summary.url());
        }
        // No timestamp: the record knows the publish date, not the instant, and a midnight-in-Beijing instant
        // showed as the day before in most of the world.
        ArrayNode fields = embed.putArray("fields");
        if (!summary.warnings().isEmpty()) {
            fields.addObject().put("name", summary.warningsLabel())
                    .put("value", WebhookFormat.shorten(String.join("\n", summary.warnings()), MAX_FIELD_VALUE_CHARS))
                    .put("inline", false);
        }
        for (ReportSummary.Fact fact : summary.counts()) {
            fields.addObject().put("name", fact.label()).put("value", fact.value()).put("inline", true);
        }
        // one field for all legacy figures: an embed holds at most 25 fields
        List<String> legacy = summary.legacyFacts().stream().map(fact -> fact.label() + "：" + fact.value()).toList();
        if (!legacy.isEmpty()) {
            fields.addObject().put("name", summary.text("chat.legacy-figures"))
                    .put("value", WebhookFormat.shorten(String.join("\n", legacy), MAX_FIELD_VALUE_CHARS))
                    .put("inline", false);
        }
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    private static int colour(ReportSummary summary) {
        if (!summary.report().warnings().isEmpty()) {
            return 0xE67E22; // never good-news colours on numbers that need checking
        }
        if (summary.report().rating() == null) {
            return 0x95A5A6;
        }
        return switch (summary.report().rating()) {
            case EXCELLENT -> 0x2ECC71;
            case GOOD -> 0x3498DB;
            case MEDIUM -> 0xF1C40F;
            case POOR -> 0xE67E22;
            case CRITICAL -> 0xE74C3C;
        };
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        SendOutcome byStatus = SendOutcome.fromStatus(reply);
        if (reply.status() == 429 && byStatus instanceof SendOutcome.Retry retry) {
            JsonNode body = Json.parseOrNull(reply.body() == null ? "" : reply.body());
            JsonNode retryAfter = body == null ? null : body.get("retry_after");
            if (retryAfter != null && retryAfter.isNumber()) {
                return new SendOutcome.Retry(retry.reason(), Duration.ofMillis(Math.round(retryAfter.doubleValue() * 1000)));
            }
        }
        return byStatus;
    }
}
