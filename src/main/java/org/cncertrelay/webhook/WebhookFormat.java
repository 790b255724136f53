package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How one chat tool wants a report written, signed, and how it says whether it took it. */
interface WebhookFormat {

    /** Renders (and signs, at {@code now}) the request for one attempt. */
    WebhookRequest render(Delivery delivery, Instant now);

    SendOutcome interpret(HttpReply reply);

    static WebhookFormat forTarget(WebhookTarget target) {
        return switch (target.type()) {
            case GENERIC -> new GenericFormat(target);
            case SLACK -> new SlackFormat(target);
            case DISCORD -> new DiscordFormat(target);
            case DINGTALK -> new DingTalkFormat(target);
            case FEISHU -> new FeishuFormat(target);
            case WECOM -> new WeComFormat(target);
            case TEAMS -> new TeamsFormat(target);
            case SINK -> new SinkFormat(target);
        };
    }

    static WebhookRequest jsonPost(URI uri, JsonNode body, Map<String, String> extraHeaders) {
        return jsonPost(uri, Json.bytes(body), extraHeaders);
    }

    /** For bodies that were signed as bytes: exactly these bytes go out. */
    static WebhookRequest jsonPost(URI uri, byte[] body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("User-Agent", "cncert-relay");
        headers.putAll(extraHeaders);
        return new WebhookRequest(uri, headers, body);
    }

    /** Appends the keyword when the text lacks it: a robot with a custom keyword drops messages without it. */
    static String withKeyword(String text, String keyword, String separator) {
        return keyword == null || text.contains(keyword) ? text : text + separator + keyword;
    }

    /**
     * {@code url} as it may be placed in a message's markup: an http(s) URL with every character outside letters,
     * digits and {@code -._~:/?#@&=+,;%} percent-encoded, so that it cannot end a markdown link early ({@code )},
     * {@code ]}), a Slack link ({@code |}, {@code >}) or an attribute, nor open a new one ({@code [}, {@code (},
     * {@code <}, {@code *}); null for no URL or anything but http(s).
     */
    static String linkUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        StringBuilder safe = new StringBuilder(url.length());
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#@&=+,;%".indexOf(c) >= 0)) {
                safe.append(c);
            } else {
                safe.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return safe.toString();
    }

    /** Cuts {@code text} to a receiver's field limit, marking the cut. */
    static String shorten(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars - 1)) + "…";
    }
}
