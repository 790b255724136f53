package org.cncertrelay.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.cncertrelay.crypto.Hmac;

/**
 * Signs a request as Standard Webhooks (standardwebhooks.com) asks, so receivers verify it with the published
 * libraries: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. The timestamp is signed, so
 * a captured request cannot be replayed with a fresh one. The secret is {@code whsec_} and the key in base64, as
 * the standard's libraries take it; a plain secret (from before the relay adopted the standard) is used as its
 * UTF-8 bytes.
 */
final class StandardWebhookSignature {

    static final String SECRET_PREFIX = "whsec_";

    private final byte[] key;

    StandardWebhookSignature(String secret) {
        this.key = key(secret);
    }

    /** @throws IllegalArgumentException when a {@code whsec_} secret is not base64 */
    static byte[] key(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        if (key.length == 0) {
            throw new IllegalArgumentException("the key after whsec_ is empty");
        }
        return key;
    }

    /** The {@code webhook-signature} header value for this message. */
    String sign(String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, signed));
    }
}
