package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, the replacement for retired Office 365
 * connectors: a message with one Adaptive Card 1.4 attachment. Workflows answer 202 Accepted.
 */
final class TeamsFormat extends ChatFormat {

    TeamsFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        ObjectNode message = Json.object().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.set("contentUrl", NullNode.getInstance());
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", summary.markdownTitleLink())
                .put("size", "Large").put("weight", "Bolder").put("wrap", true);
        if (summary.shortened()) {
            body.addObject().put("type", "TextBlock").put("wrap", true).put("isSubtle", true)
                    .put("text", summary.shortenedNote());
        }
        if (!summary.warnings().isEmpty()) {
            body.addObject().put("type", "TextBlock").put("wrap", true).put("color", "Attention")
                    .put("text", summary.warningsLabel() + "：" + String.join("；", summary.warnings()));
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (ReportSummary.Fact fact : summary.facts()) {
            facts.addObject().put("title", fact.label()).put("value", fact.value());
        }
        if (summary.url() != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl")
                    .put("title", summary.readMore()).put("url", summary.url());
        }
        return WebhookFormat.jsonPost(target.url(), message, Map.of());
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromStatus(reply);
    }
}
