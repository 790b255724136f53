package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.webhook.Fixtures.report;
import static org.cncertrelay.webhook.Fixtures.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each chat service's receiver, played by a local HTTP server that checks format and signature the way the real
 * service does and answers like it.
 */
class ChatServicesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void dingTalkAcceptsASignedMarkdownMessageWithItsKeyword() throws Exception {
        String secret = "SECdingtalk-secret";
        try (Receiver dingTalk = new Receiver((request, call) -> dingTalkAnswer(request, secret, "CNCERT"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("ding", "dingtalk",
                     dingTalk.url("/robot/send?access_token=tok"),
                     Map.of("webhook.ding.secret", secret, "webhook.ding.keyword", "CNCERT")), dataDir)) {
            dispatcher.enqueue(report(39, 742), report(38, 177));

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            JsonNode body = dingTalk.requests().get(0).json();
            assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(body.path("markdown").path("title").asText()).isEqualTo("网络安全信息与动态周报2024年第39期");
            assertThat(body.path("markdown").path("text").asText())
                    .contains("[网络安全信息与动态周报2024年第39期](https://www.cert.org.cn/publish/main/39.html)")
                    .contains("2024-09-23 至 2024-09-29", "良", "742（较第38期 +319%）", "恶意App传播平台**：—");
        }
    }

    @Test
    void dingTalkBadSignIsAPermanentFailure() throws Exception {
        try (Receiver dingTalk = new Receiver((request, call) -> dingTalkAnswer(request, "SECright", null));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("ding", "dingtalk",
                     dingTalk.url("/robot/send?access_token=tok"), Map.of("webhook.ding.secret", "SECwrong")),
                     dataDir)) {
            dispatcher.enqueue(report(39, 742), null);

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dingTalk.requests()).hasSize(1);
            assertThat(dispatcher.deadLettersWaiting()).isEqualTo(1);
            assertThat(Files.readString(dataDir.resolve("dead-letters/webhook-2024-39.ding.json"))).contains("310000");
        }
    }

    /** DingTalk's checks: timestamp within an hour, sign over timestamp + "\n" + secret, keyword in the content. */
    private static Receiver.Reply dingTalkAnswer(Receiver.Request request, String secret, String keyword) {
        String timestamp = request.query("timestamp");
        String sign = request.query("sign");
        boolean fresh = timestamp != null
                && Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) < Duration.ofHours(1).toMillis();
        String expected = base64(hmac(secret, timestamp + "\n" + secret));
        // The sign travels url-encoded: the raw query must hold exactly the encoded form.
        boolean encoded = request.uri().getRawQuery().contains("sign=" + URLEncoder.encode(expected, StandardCharsets.UTF_8));
        if (!"tok".equals(request.query("access_token")) || !fresh || !expected.equals(sign) || !encoded) {
            return Receiver.Reply.of(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        }
        if (keyword != null && !request.json().path("markdown").path("text").asText().contains(keyword)) {
            return Receiver.Reply.of(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
        }
        return Receiver.Reply.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Test
    void feishuVerifiesTheSignInTheBody() throws Exception {
        try (Receiver feishu = new Receiver((request, call) -> feishuAnswer(request, "feishu-secret"));
             WebhookDispatcher good = new WebhookDispatcher(settings("lark", "lark",
                     feishu.url("/open-apis/bot/v2/hook/abc"), Map.of("webhook.lark.secret", "feishu-secret")),
                     dataDir.resolve("good"));
             WebhookDispatcher bad = new WebhookDispatcher(settings("lark", "feishu",
                     feishu.url("/open-apis/bot/v2/hook/abc"), Map.of("webhook.lark.secret", "not-it")),
                     dataDir.resolve("bad"))) {
            good.enqueue(report(39, 742), report(38, 177));
            bad.enqueue(report(39, 742), report(38, 177));

            assertThat(good.awaitIdle(WAIT)).isTrue();
            assertThat(bad.awaitIdle(WAIT)).isTrue();
            assertThat(good.deadLettersWaiting()).isZero();
            assertThat(bad.deadLettersWaiting()).isEqualTo(1);
            JsonNode card = feishu.requests().get(0).json().path("card");
            assertThat(card.path("header").path("title").path("content").asText()).contains("2024年第39期");
            assertThat(card.toString()).contains("742（较第38期 +319%）", "阅读全文");
        }
    }

    /** Feishu's checks: body timestamp (seconds) and sign = base64(HMAC(key = timestamp + "\n" + secret, "")). */
    private static Receiver.Reply feishuAnswer(Receiver.Request request, String secret) {
        JsonNode body = request.json();
        String timestamp = body.path("timestamp").asText();
        String expected = base64(hmac(timestamp + "\n" + secret, ""));
        if (!body.path("timestamp").isTextual() || !expected.equals(body.path("sign").asText())) {
            return Receiver.Reply.of(200, "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour\"}");
        }
        if (!"interactive".equals(body.path("msg_type").asText())) {
            return Receiver.Reply.of(200, "{\"code\":9499,\"msg\":\"Bad Request\"}");
        }
        return Receiver.Reply.of(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}");
    }

    @Test
    void weComFrequencyLimitIsRetried() throws Exception {
        try (Receiver weCom = new Receiver((request, call) -> call == 1
                ? Receiver.Reply.of(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")
                : Receiver.Reply.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("wx", "wecom",
                     weCom.url("/cgi-bin/webhook/send?key=k"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, null), report(38, 177));

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(weCom.requests()).hasSize(2);
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            JsonNode body = weCom.requests().get(1).json();
            assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
            assertThat(body.path("markdown").path("content").asText()).contains("网络安全事件：<font color=\"comment\">—</font>");
        }
    }

    @Test
    void discordRateLimitWaitsForRetryAfterFromTheBody() throws Exception {
        try (Receiver discord = new Receiver((request, call) -> call == 1
                ? Receiver.Reply.of(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.3,\"global\":false}")
                : Receiver.Reply.of(204, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("dc", "discord",
                     discord.url("/api/webhooks/1/token"), Map.of("webhook.retry.max-delay", "1s")), dataDir)) {
            // retry_after is followed up to webhook.retry.max-delay, raised here above it
            dispatcher.enqueue(report(39, 742), report(38, 177));

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(discord.requests()).hasSize(2);
            long gapMillis = (discord.requests().get(1).receivedNanos() - discord.requests().get(0).receivedNanos()) / 1_000_000;
            assertThat(gapMillis).isGreaterThanOrEqualTo(280); // retry_after, not the 50 ms backoff
            JsonNode embed = discord.requests().get(1).json().path("embeds").get(0);
            assertThat(embed.path("url").asText()).isEqualTo("https://www.cert.org.cn/publish/main/39.html");
            assertThat(embed.path("fields").get(0).path("value").asText()).isEqualTo("742（较第38期 +319%）");
            // the record knows the publish date, not the instant: no timestamp rather than the wrong day
            assertThat(embed.has("timestamp")).isFalse();
        }
    }

    @Test
    void slackServerErrorIsRetriedUntilOk() throws Exception {
        try (Receiver slack = new Receiver((request, call) -> call == 1
                ? Receiver.Reply.of(500, "rollup_error")
                : Receiver.Reply.of(200, "ok"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("sl", "slack",
                     slack.url("/services/T/B/X"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(slack.requests()).hasSize(2);
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            JsonNode body = slack.requests().get(1).json();
            assertThat(body.path("text").asText()).contains("<https://www.cert.org.cn/publish/main/39.html|");
            // the title once, as the link
            assertThat(body.path("blocks").toString().split("网络安全信息与动态周报2024年第39期", -1)).hasSize(2);
            assertThat(body.path("blocks").get(1).path("fields").toString()).contains("*网络安全事件*\\n742");
        }
    }

    @Test
    void teamsWorkflowGetsAnAdaptiveCard() throws Exception {
        try (Receiver teams = new Receiver((request, call) -> Receiver.Reply.of(202, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("ms", "teams",
                     teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=s"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, 742), report(38, 177));

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            JsonNode message = teams.requests().get(0).json();
            assertThat(message.path("type").asText()).isEqualTo("message");
            JsonNode attachment = message.path("attachments").get(0);
            assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(attachment.has("contentUrl") && attachment.get("contentUrl").isNull()).isTrue();
            JsonNode card = attachment.path("content");
            assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
            assertThat(card.path("version").asText()).isEqualTo("1.4");
            assertThat(card.path("body").get(1).path("type").asText()).isEqualTo("FactSet");
            assertThat(card.path("actions").get(0).path("type").asText()).isEqualTo("Action.OpenUrl");
        }
    }

    @Test
    void genericPayloadIsAStandardWebhookThatMatchesItsPublishedSchema() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (Receiver generic = new Receiver((request, call) -> StandardWebhooks.verified(request, secret)
                ? Receiver.Reply.of(200, "") : Receiver.Reply.of(401, "bad signature"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic",
                     generic.url("/hook"), Map.of("webhook.hook.secret", secret)), dataDir)) {
            dispatcher.enqueue(report(39, 742), report(38, 177));

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            Receiver.Request request = generic.requests().get(0);
            assertThat(request.headers().getFirst("webhook-id")).isEqualTo("2024-39.hook");
            JsonNode document = request.json();
            assertThat(StandardWebhooks.schemaErrors(document)).isEmpty();
            assertThat(document.path("schema").asText()).isEqualTo("cncert-relay.report/v1");
            assertThat(document.path("event").asText()).isEqualTo("report.published");
            assertThat(document.path("delivery_id").asText()).isEqualTo("2024-39.hook");
            assertThat(document.path("report").path("period_start").asText()).isEqualTo("2024-09-23");
            assertThat(document.path("report").path("malicious_app_platforms").isNull()).isTrue();
            assertThat(document.path("report").path("chart_images").get(0).asText()).endsWith("chart39.png");
            JsonNode total = document.path("change").path("counts").path("incidents_total");
            assertThat(document.path("change").path("previous_issue").asText()).isEqualTo("2024年第38期");
            assertThat(total.path("previous").asInt()).isEqualTo(177);
            assertThat(total.path("delta").asInt()).isEqualTo(565);
            assertThat(total.path("percent").asDouble()).isEqualTo(319.2);

            // the timestamp is signed: a captured request replayed with a fresh one fails
            com.sun.net.httpserver.Headers replayed = new com.sun.net.httpserver.Headers();
            replayed.putAll(request.headers());
            replayed.set("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000 + 1));
            assertThat(StandardWebhooks.verified(new Receiver.Request(request.uri(), replayed, request.body(),
                    request.receivedNanos()), secret)).isFalse();
            // receivers written before the standard still find their headers
            String legacy = "sha256=" + HexFormat.of().formatHex(Receiver.hmac(secret, request.body()));
            assertThat(request.headers().getFirst("X-Relay-Signature")).isEqualTo(legacy);
            assertThat(request.headers().getFirst("X-Relay-Delivery")).isEqualTo("2024-39.hook");
        }
    }

    @Test
    void aPlainSecretSignsWithItsOwnBytesAndABadWhsecSecretStopsTheStart() throws Exception {
        try (Receiver generic = new Receiver((request, call) -> StandardWebhooks.verified(request, "plain-secret")
                ? Receiver.Reply.of(200, "") : Receiver.Reply.of(401, "bad signature"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic",
                     generic.url("/hook"), Map.of("webhook.hook.secret", "plain-secret")), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            assertThat(StandardWebhooks.schemaErrors(generic.requests().get(0).json())).isEmpty();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings("hook", "generic", "https://example.org/h",
                Map.of("webhook.hook.secret", "whsec_not base64!")))
                .hasMessageContaining("webhook.hook.secret").hasMessageContaining("base64");
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetried() throws Exception {
        try (Receiver slow = new Receiver((request, call) -> call == 1
                ? Receiver.Reply.of(200, "").after(Duration.ofMillis(1500))
                : Receiver.Reply.of(200, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic", slow.url("/hook"),
                     Map.of("webhook.timeout", "300ms")), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(slow.requests()).hasSize(2);
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            // the resend is recognisably the same delivery
            assertThat(slow.requests().get(1).json().path("delivery_id").asText())
                    .isEqualTo(slow.requests().get(0).json().path("delivery_id").asText());
        }
    }

    static byte[] hmac(String key, String message) {
        return Receiver.hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
