package org.cncertrelay.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, the primitive behind the DingTalk, Feishu, Standard Webhooks and generic signatures and the digest's
 * unsubscribe tokens.
 */
public final class Hmac {

    private Hmac() {
    }

    public static byte[] sha256(String key, byte[] message) {
        return sha256(key.getBytes(StandardCharsets.UTF_8), message);
    }

    public static byte[] sha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }

    public static String sha256Base64(String key, String message) {
        return Base64.getEncoder().encodeToString(sha256(key, message.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha256Hex(String key, byte[] message) {
        return HexFormat.of().formatHex(sha256(key, message));
    }
}
