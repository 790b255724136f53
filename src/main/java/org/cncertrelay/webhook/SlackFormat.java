package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** Slack incoming webhook: {@code text} for notifications plus Block Kit blocks; success is HTTP 200 "ok". */
final class SlackFormat extends ChatFormat {

    SlackFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        String link = summary.url() == null
                ? escape(summary.title())
                : "<" + summary.url() + "|" + escape(summary.title()).replace("|", "｜") + ">";
        // the notification's line (Slack shows the blocks instead in the channel): the title is shown once
        ObjectNode body = Json.object().put("text", summary.label() + " " + link);
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "*" + link + "*" + (summary.shortened() ? "\n" + summary.shortenedNote() : ""));
        if (!summary.warnings().isEmpty()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "*" + summary.warningsLabel() + "*\n" + escape(String.join("\n", summary.warnings())));
        }
        // Slack allows at most 10 fields per section: week, rating and five counts fit.
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        for (ReportSummary.Fact fact : summary.facts()) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + fact.label() + "*\n" + escape(fact.value()));
        }
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    /** Slack's mrkdwn reserves exactly these three characters. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        SendOutcome byStatus = SendOutcome.fromStatus(reply);
        if (byStatus instanceof SendOutcome.Delivered && !"ok".equals(reply.body() == null ? null : reply.body().strip())) {
            return new SendOutcome.Permanent("HTTP " + reply.status() + " without \"ok\": " + reply.bodySnippet());
        }
        return byStatus;
    }
}
