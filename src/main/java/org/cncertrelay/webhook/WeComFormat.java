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

    /** 45009: api freq out of limit; -1: system busy. Anything else (93000 bad key, 40058 too long...) is final. */
    private static final Set<Integer> RETRYABLE = Set.of(45009, -1);

    WeComFormat(WebhookTarget target) {
        super(target);
    }

    @Override
    WebhookRequest render(ReportSummary summary, Instant now) {
        List<String> head = List.of("### " + summary.markdownTitleLink());
        List<String> warnings = new ArrayList<>();
        if (!summary.warnings().isEmpty()) {
            // the warning first, before the figures it concerns
            warnings.add("**" + summary.warningsLabel() + "**");
            summary.warnings().forEach(warning -> warnings.add("<font color=\"warning\">" + warning + "</font>"));
        }
        List<String> facts = new ArrayList<>();
        boolean warned = !summary.report().warnings().isEmpty();
        for (ReportSummary.Fact fact : summary.facts()) {
            facts.add("> " + fact.label() + "：<font color=\"" + colour(fact, warned) + "\">" + fact.value() + "</font>");
        }
        if (summary.shortened()) {
            facts.add(summary.shortenedNote());
        }
        ObjectNode body = Json.object().put("msgtype", "markdown");
        body.putObject("markdown").put("content", fitToLimit(head, warnings, facts, summary.text("chat.truncated")));
        return WebhookFormat.jsonPost(target.url(), body, Map.of());
    }

    /**
     * WeCom's three colours by what the change means for the reader: a rise in incidents is a warning, a fall is
     * good news, the rest is grey. A figure a warning concerns is a warning, and a record with warnings shows no
     * good news at all.
     */
    private static String colour(ReportSummary.Fact fact, boolean warned) {
        if (fact.suspect() || fact.direction() == ReportSummary.Direction.UP) {
            return "warning";
        }
        return fact.direction() == ReportSummary.Direction.DOWN && !warned ? "info" : "comment";
    }

    /**
     * Keeps within {@link #MAX_CONTENT_BYTES}, which WeCom rejects beyond: the title line and every figure always
     * stay; warnings go first when something must go (the record keeps them all), with a note saying so. Only a
     * title line too long on its own is cut, at a character boundary.
     */
    static String fitToLimit(List<String> head, List<String> warnings, List<String> facts, String truncatedNote) {
        List<String> all = new ArrayList<>(head);
        all.addAll(warnings);
        all.addAll(facts);
        String whole = String.join("\n", all);
        if (utf8Length(whole) <= MAX_CONTENT_BYTES) {
            return whole;
        }
        int budget = MAX_CONTENT_BYTES - utf8Length("\n" + truncatedNote) - utf8Length(String.join("\n", facts)) - 1;
        StringBuilder kept = new StringBuilder(cutToBytes(String.join("\n", head), Math.max(0, budget)));
        for (String line : warnings) {
            if (utf8Length(kept + "\n" + line) > budget) {
                break;
            }
            kept.append("\n").append(line);
        }
        List<String> tail = new ArrayList<>(facts);
        tail.add(truncatedNote);
        return kept + "\n" + cutToBytes(String.join("\n", tail), MAX_CONTENT_BYTES - utf8Length(kept + "\n"));
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
