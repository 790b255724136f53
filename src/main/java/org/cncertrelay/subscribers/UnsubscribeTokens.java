package org.cncertrelay.subscribers;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.cncertrelay.crypto.Hmac;

/**
 * Per-subscriber unsubscribe tokens: the address and an HMAC-SHA256 of the list id and the address under
 * {@code digest.unsubscribe-secret}, {@code base64url(address).base64url(hmac)}. Whoever holds the secret can
 * check a token without looking anything up, and nobody without it can make one for another address. A token
 * never expires: an old digest's link keeps working, and using it twice changes nothing.
 */
public final class UnsubscribeTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final String listId;
    private final URI url;

    /**
     * @param secret the shared secret ({@code digest.unsubscribe-secret})
     * @param listId the list the token is for (the digest's {@code List-Id}), so a token of one list is not one of
     *               another that shares the secret
     * @param url    the public address of the unsubscribe page ({@code digest.unsubscribe-url}); the token is
     *               added as its {@code token} parameter
     */
    public UnsubscribeTokens(String secret, String listId, URI url) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.listId = listId;
        this.url = url;
    }

    public String token(String address) {
        return signed(Subscriber.key(address));
    }

    /** The subscriber's own unsubscribe page. */
    public URI url(String address) {
        String base = url.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "token=" + token(address));
    }

    /**
     * A token that confirms the subscription {@code address} asked for by mail, in {@code language}: mailed to that
     * address, so only who reads its mail can send it back. Never valid as an unsubscribe token, nor the reverse.
     */
    public String subscribeToken(String address, String language) {
        return signed(Subscriber.key(address) + "\n" + language);
    }

    /** {@code base64url(text).base64url(hmac)}: the text, readable, and the proof it was made with the secret. */
    private String signed(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(text));
    }

    /** @return the address and language a {@link #subscribeToken} was made for, or empty */
    public Optional<String[]> verifySubscribe(String token) {
        return checked(token).map(request -> request.split("\n", -1)).filter(parts -> parts.length == 2);
    }

    /** A {@code mailto:} that unsubscribes the address when mailed, with the token in its subject. */
    public URI mailto(String mailbox, String address) {
        return URI.create("mailto:" + mailbox + "?subject=unsubscribe%20" + token(address));
    }

    /** The path the listener serves: that of {@link #url}. */
    public String path() {
        return url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
    }

    /** @return the address the token was made for, or empty when it is malformed or was not made with the secret */
    public Optional<String> verify(String token) {
        // an address has no line break; a subscription request has one
        return checked(token).filter(address -> address.indexOf('\n') < 0);
    }

    /** The signed text of a token, when it was made with the secret. */
    private Optional<String> checked(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String address = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            // constant time, so the answer's timing tells nothing about how much of a forged token was right
            return MessageDigest.isEqual(mac(address), given) ? Optional.of(address) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Of the list id, a zero byte and the address: the same address on another list signs differently. */
    private byte[] mac(String address) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(listId.getBytes(StandardCharsets.UTF_8));
        message.write(0);
        message.writeBytes(address.getBytes(StandardCharsets.UTF_8));
        return Hmac.sha256(key, message.toByteArray());
    }

    /** The secret stays out of logs and dumps. */
    @Override
    public String toString() {
        return "UnsubscribeTokens[list=" + listId + ", url=" + url + ", secret=****]";
    }
}
