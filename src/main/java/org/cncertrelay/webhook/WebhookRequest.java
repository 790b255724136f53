package org.cncertrelay.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.cncertrelay.config.Redaction;

/** One rendered, signed POST, ready for the transport. */
public record WebhookRequest(URI uri, Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookRequest[uri=" + Redaction.url(uri) + ", " + body.length + " bytes]";
    }
}
