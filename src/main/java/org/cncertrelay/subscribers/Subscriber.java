package org.cncertrelay.subscribers;

import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Locale;

/**
 * One address on the digest's list and where it stands.
 *
 * @param address     the mailbox, lower case: the key of the list
 * @param displayName the name shown in {@code To}, or empty
 * @param language    {@code zh-CN} or {@code en}: the language of this subscriber's digest
 * @param state       whether digests go to it
 * @param how         for an active subscriber how it joined ({@code digest.to}, {@code cli}, {@code mailto}); for
 *                    an unsubscribed one how it left ({@code one-click}, {@code link}, {@code cli}, {@code mailto})
 * @param since       when it reached this state
 */
public record Subscriber(String address, String displayName, String language, State state, String how,
                         Instant since) {

    /** How a subscriber that came from {@code digest.to} is marked, so it stops when removed from there. */
    public static final String FROM_SETTINGS = "digest.to";

    public enum State {
        ACTIVE, UNSUBSCRIBED, BOUNCING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** The key an address is listed under: its mailbox, case folded, as mail servers treat it. */
    public static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    /** The address as a digest's {@code To} shows it, with the display name when there is one. */
    public String recipient() {
        if (displayName.isEmpty()) {
            return address;
        }
        try {
            return new InternetAddress(address, displayName, "UTF-8").toString();
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("every JRE has UTF-8", e);
        }
    }

    public boolean active() {
        return state == State.ACTIVE;
    }
}
