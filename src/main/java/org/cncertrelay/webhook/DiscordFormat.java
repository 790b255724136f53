package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Discord webhook: a short {@code content} line plus one embed; 429 answers say {@code retry_after} in seconds. */
final class DiscordFormat extends ChatFormat {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final int MAX_TITLE_CHARS = 256;
    private static final int MAX_FIELD_VALUE_CHARS = 1024;

    DiscordFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        ObjectNode body = Json.object().put("content", "CNCERT 网络安全信息与动态周报 " + summary.label());
        // The title is data from the web: never let it ping anyone.
        body.putObject("allowed_mentions").putArray("parse");
        ObjectNode embed = body.putArray("embeds").addObject()
                .put("title", WebhookFormat.shorten(summary.title(), MAX_TITLE_CHARS))
                .put("description", ReportSummary.PERIOD_LABEL + "：" + summary.period() + "\n"
                        + ReportSummary.RATING_LABEL + "：" + summary.rating())
                .put("color", colour(summary));
        if (summary.url() != null) {
            embed.put("url", summary.url());
        }
        if (summary.report().published() != null) {
            embed.put("timestamp", summary.report().published().atStartOfDay(BEIJING).toInstant().toString());
        }
        ArrayNode fields = embed.putArray("fields");
        for (ReportSummary.Fact fact : summary.counts()) {
            fields.addObject().put("name", fact.label()).put("value", fact.value()).put("inline", true);
        }
        if (!summary.warnings().isEmpty()) {
            fields.addObject().put("name", ReportSummary.WARNINGS_LABEL)
                    .put("value", WebhookFormat.shorten(String.join("\n", summary.warnings()), MAX_FIELD_VALUE_CHARS))
                    .put("inline", false);
        }
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    private static int colour(ReportSummary summary) {
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
