package org.cncertrelay.webhook;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.crypto.Hmac;

/**
 * DingTalk custom robot: a markdown message; with a secret, 加签 puts {@code timestamp} (ms) and
 * {@code sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))} into the query.
 */
final class DingTalkFormat extends ChatFormat {

    /** 130101: sending too fast; -1: system busy. Everything else (310000 keyword/sign/ip, 300001 token...) is final. */
    private static final Set<Integer> RETRYABLE = Set.of(130101, -1);

    DingTalkFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("### " + summary.markdownTitleLink());
        List<String> warnings = summary.warnings();
        if (!warnings.isEmpty()) {
            // the warning first, before the figures it concerns
            lines.add("**" + summary.warningsLabel() + "**：");
            warnings.forEach(warning -> lines.add("> " + warning));
        }
        for (ReportSummary.Fact fact : summary.facts()) {
            lines.add("- **" + fact.label() + "**：" + fact.value());
        }
        if (summary.url() != null) {
            lines.add("[" + summary.readMore() + "](" + summary.url() + ")");
        }
        if (summary.shortened()) {
            lines.add(summary.shortenedNote());
        }
        // DingTalk's markdown needs a blank line to break a line.
        String text = WebhookFormat.withKeyword(String.join("\n\n", lines), target.keyword(), "\n\n");
        ObjectNode body = Json.object().put("msgtype", "markdown");
        body.putObject("markdown").put("title", summary.title()).put("text", text);
        return WebhookFormat.jsonPost(signedUrl(now), body, Map.of());
    }

    private URI signedUrl(Instant now) {
        if (target.secret() == null) {
            return target.url();
        }
        String timestamp = Long.toString(now.toEpochMilli());
        String sign = Hmac.sha256Base64(target.secret(), timestamp + "\n" + target.secret());
        String url = target.url().toString();
        return URI.create(url + (target.url().getRawQuery() == null ? "?" : "&") + "timestamp=" + timestamp
                + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8));
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromErrorCode(reply, RETRYABLE, "errcode");
    }
}
