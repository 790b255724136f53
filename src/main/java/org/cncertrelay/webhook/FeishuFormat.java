package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.cncertrelay.crypto.Hmac;

/**
 * Feishu / Lark custom bot: an interactive card; with a secret, the body carries {@code timestamp} (seconds) and
 * {@code sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty))}.
 */
final class FeishuFormat extends ChatFormat {

    /** 9499 and 11232: frequency limited. Others (19021 sign, 19024 keyword, 19001 bad params...) are final. */
    private static final Set<Integer> RETRYABLE = Set.of(9499, 11232);

    FeishuFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        ObjectNode body = Json.object();
        if (target.secret() != null) {
            String timestamp = Long.toString(now.getEpochSecond());
            body.put("timestamp", timestamp).put("sign", Hmac.sha256Base64(timestamp + "\n" + target.secret(), ""));
        }
        body.put("msg_type", "interactive");
        ObjectNode card = body.putObject("card");
        card.putObject("config").put("wide_screen_mode", true);
        ObjectNode header = card.putObject("header").put("template", headerColour(summary));
        // the header names the issue; the title is shown once, as the link below it
        header.putObject("title").put("tag", "plain_text").put("content", summary.label());
        ArrayNode elements = card.putArray("elements");
        elements.addObject().put("tag", "div").putObject("text").put("tag", "lark_md")
                .put("content", "**" + summary.markdownTitleLink() + "**"
                        + (summary.shortened() ? "\n" + summary.shortenedNote() : ""));
        if (!summary.warnings().isEmpty()) {
            elements.addObject().put("tag", "div").putObject("text").put("tag", "lark_md")
                    .put("content", "**" + summary.warningsLabel() + "**\n" + String.join("\n", summary.warnings()));
        }
        ArrayNode fields = elements.addObject().put("tag", "div").putArray("fields");
        for (ReportSummary.Fact fact : summary.facts()) {
            fields.addObject().put("is_short", true).putObject("text").put("tag", "lark_md")
                    .put("content", "**" + fact.label() + "**\n" + fact.value());
        }
        if (summary.url() != null) {
            ObjectNode button = elements.addObject().put("tag", "action").putArray("actions").addObject()
                    .put("tag", "button").put("type", "primary").put("url", summary.url());
            button.putObject("text").put("tag", "plain_text").put("content", summary.readMore());
        }
        if (target.keyword() != null && !Json.text(card).contains(target.keyword())) {
            elements.addObject().put("tag", "note").putArray("elements").addObject()
                    .put("tag", "plain_text").put("content", target.keyword());
        }
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    /** Card header colour by rating, from calm to alarming; a record with warnings is never shown as good news. */
    private static String headerColour(ReportSummary summary) {
        if (!summary.report().warnings().isEmpty()) {
            return "orange";
        }
        if (summary.report().rating() == null) {
            return "grey";
        }
        return switch (summary.report().rating()) {
            case EXCELLENT -> "green";
            case GOOD -> "blue";
            case MEDIUM -> "yellow";
            case POOR -> "orange";
            case CRITICAL -> "red";
        };
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromErrorCode(reply, RETRYABLE, "code", "StatusCode");
    }
}
