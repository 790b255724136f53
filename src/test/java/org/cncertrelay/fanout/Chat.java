package org.cncertrelay.fanout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.cncertrelay.webhook.Receiver;
import org.cncertrelay.webhook.StandardWebhooks;

/**
 * How the chat services the fan-out tests talk to check a request, written from the services' documentation
 * (independently of the relay's own signing code): a request that fails a check is refused as the service would.
 */
final class Chat {

    static final String GENERIC_SECRET = "generic-e2e-secret";
    static final String DINGTALK_SECRET = "SECdingtalk-e2e-secret";
    static final String DINGTALK_TOKEN = "tok";

    private Chat() {
    }

    /**
     * The generic receiver: a Standard Webhooks signature and the relay's older {@code X-Relay-Signature}, both
     * valid, else 401; a payload the published JSON Schema refuses, 400.
     */
    static Receiver.Reply generic(Receiver.Request request) {
        if (!genericSignatureValid(request)) {
            return Receiver.Reply.of(401, "bad signature");
        }
        List<String> errors = StandardWebhooks.schemaErrors(request.json());
        return errors.isEmpty() ? Receiver.Reply.of(200, "") : Receiver.Reply.of(400, String.join("; ", errors));
    }

    static boolean genericSignatureValid(Receiver.Request request) {
        String expected = "sha256=" + HexFormat.of().formatHex(Receiver.hmac(GENERIC_SECRET, request.body()));
        return StandardWebhooks.verified(request, GENERIC_SECRET)
                && expected.equals(request.headers().getFirst("X-Relay-Signature"))
                && request.headers().getFirst("X-Relay-Timestamp") != null;
    }

    /** DingTalk: access_token, timestamp (ms) within an hour, sign = base64(HMAC(secret, ts + "\n" + secret)). */
    static Receiver.Reply dingTalk(Receiver.Request request) {
        return dingTalkSignatureValid(request) ? Receiver.Reply.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}")
                : Receiver.Reply.of(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
    }

    static boolean dingTalkSignatureValid(Receiver.Request request) {
        String timestamp = request.query("timestamp");
        String sign = request.query("sign");
        if (timestamp == null || sign == null || !DINGTALK_TOKEN.equals(request.query("access_token"))) {
            return false;
        }
        boolean fresh = Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp))
                < Duration.ofHours(1).toMillis();
        String expected = Base64.getEncoder().encodeToString(Receiver.hmac(DINGTALK_SECRET,
                (timestamp + "\n" + DINGTALK_SECRET).getBytes(StandardCharsets.UTF_8)));
        return fresh && expected.equals(sign)
                && request.uri().getRawQuery().contains("sign=" + URLEncoder.encode(expected, StandardCharsets.UTF_8));
    }

    /** Slack answers a good message with HTTP 200 and the body {@code ok}. */
    static Receiver.Reply slack(Receiver.Request request) {
        return request.json().path("text").isTextual() ? Receiver.Reply.of(200, "ok")
                : Receiver.Reply.of(400, "invalid_payload");
    }

    /** The text a person reads in a DingTalk message. */
    static String dingTalkText(Receiver.Request request) {
        return request.json().path("markdown").path("text").asText();
    }
}
