package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A generic-webhook receiver's checks, written from the Standard Webhooks specification (standardwebhooks.com)
 * rather than with the relay's signer, and the payload's published JSON Schema
 * ({@code schema/cncert-relay.report.v1.schema.json}) as a receiver would apply it.
 */
public final class StandardWebhooks {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final JsonSchema SCHEMA = loadSchema();

    private StandardWebhooks() {
    }

    /**
     * True when {@code webhook-signature} holds a {@code v1} signature of {@code id.timestamp.body} under
     * {@code secret} ({@code whsec_} + base64 key, or a plain secret's UTF-8 bytes) and the timestamp is recent.
     */
    public static boolean verified(Receiver.Request request, String secret) {
        String id = request.headers().getFirst("webhook-id");
        String timestamp = request.headers().getFirst("webhook-timestamp");
        String signatures = request.headers().getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long sent = Long.parseLong(timestamp);
        if (Math.abs(System.currentTimeMillis() / 1000 - sent) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        byte[] signedContent = (id + "." + timestamp + "." + request.bodyText()).getBytes(StandardCharsets.UTF_8);
        byte[] expected = Receiver.hmac(key, signedContent);
        for (String signature : signatures.split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }

    /** What the published schema finds wrong with a payload; empty when it is valid. */
    public static List<String> schemaErrors(JsonNode payload) {
        Set<ValidationMessage> errors = SCHEMA.validate(payload);
        return errors.stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonSchema loadSchema() {
        try (InputStream schema = StandardWebhooks.class.getResourceAsStream(
                "/schema/cncert-relay.report.v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
