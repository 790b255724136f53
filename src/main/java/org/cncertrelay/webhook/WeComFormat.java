package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** WeCom (企业微信) group robot: markdown, at most 4096 bytes of UTF-8 content. */
final class WeComFormat extends ChatFormat {

    static final int MAX_CONTENT_BYTES = 4096;
    static final String TRUNCATED_NOTE = "（内容过长，已截断，详见原文）";

    /** 45009: api freq out of limit; -1: system busy. Anything else (93000 bad key, 40058 too long...) is final. */
    private static final Set<Integer> RETRYABLE = Set.of(45009, -1);

    WeComFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("### " + summary.markdownTitleLink());
        for (ReportSummary.Fact fact : summary.facts()) {
            lines.add("> " + fact.label() + "：<font color=\"info\">" + fact.value() + "</font>");
        }
        List<String> warnings = summary.warnings();
        if (!warnings.isEmpty()) {
            lines.add("**" + ReportSummary.WARNINGS_LABEL + "**");
            warnings.forEach(warning -> lines.add("<font color=\"comment\">" + warning + "</font>"));
        }
        ObjectNode body = Json.object().put("msgtype", "markdown");
        body.putObject("markdown").put("content", fitToLimit(lines));
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    /**
     * Joins whole lines while they fit in {@link #MAX_CONTENT_BYTES} together with the truncation note; WeCom
     * rejects longer content outright. Only a first line too long on its own is cut, at a character boundary.
     */
    static String fitToLimit(List<String> lines) {
        String all = String.join("\n", lines);
        if (utf8Length(all) <= MAX_CONTENT_BYTES) {
            return all;
        }
        int budget = MAX_CONTENT_BYTES - utf8Length("\n" + TRUNCATED_NOTE);
        StringBuilder kept = new StringBuilder();
        for (String line : lines) {
            String candidate = kept.isEmpty() ? line : kept + "\n" + line;
            if (utf8Length(candidate) > budget) {
                break;
            }
            kept.setLength(0);
            kept.append(candidate);
        }
        if (kept.isEmpty()) {
            kept.append(cutToBytes(lines.get(0), budget));
        }
        return kept + "\n" + TRUNCATED_NOTE;
    }

    private static String cutToBytes(String text, int maxBytes) {
        int end = 0;
        int bytes = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = utf8Length(new String(Character.toChars(codePoint)));
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public SendOutcome interpret(HttpReply reply) {
        return SendOutcome.fromErrorCode(reply, RETRYABLE, "errcode");
    }
}
