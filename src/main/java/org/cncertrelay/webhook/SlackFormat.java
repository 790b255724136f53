package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** Slack incoming webhook: {@code text} for notifications plus Block Kit blocks; success is HTTP 200 "ok". */
final class SlackFormat extends ChatFormat {

    private static final int MAX_HEADER_CHARS = 150;

    SlackFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        String link = summary.url() == null
                ? escape(summary.title())
                : "<" + summary.url() + "|" + escape(summary.title()).replace("|", "｜") + ">";
        ObjectNode body = Json.object().put("text", link + " (" + summary.label() + ")");
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", WebhookFormat.shorten(summary.title(), MAX_HEADER_CHARS));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", "*" + link + "*");
        // Slack allows at most 10 fields per section: week, rating and five counts fit.
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        for (ReportSummary.Fact fact : summary.facts()) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + fact.label() + "*\n" + escape(fact.value()));
        }
        if (!summary.warnings().isEmpty()) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", ReportSummary.WARNINGS_LABEL + "：" + escape(String.join("；", summary.warnings())));
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
