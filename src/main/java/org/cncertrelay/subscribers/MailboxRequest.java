package org.cncertrelay.subscribers;

import java.util.Locale;

/**
 * One thing a mail to the digest's mailbox asks for.
 *
 * @param kind     what it asks
 * @param address  whom it concerns (lower case), or empty when ignored
 * @param language for subscribe and confirm: the language asked for, or empty for the default
 * @param detail   for a log line: the bounce's status, or why a mail is ignored
 */
public record MailboxRequest(Kind kind, String address, String language, String detail) {

    public enum Kind {
        /** {@code unsubscribe <token>}: the mailto of {@code List-Unsubscribe}. */
        UNSUBSCRIBE,
        /** {@code subscribe [en|zh-CN]}: answered with a mail that asks to confirm. */
        SUBSCRIBE,
        /** {@code confirm <token>}: the answer to that mail; subscribes. */
        CONFIRM,
        /** A hard bounce (RFC 3464: action failed, status 5.x.x) of a digest to this address. */
        BOUNCE,
        /** Nothing to do: see {@link #detail()}. */
        IGNORED;

        /** The metric tag, {@code unsubscribe}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static MailboxRequest ignored(String why) {
        return new MailboxRequest(Kind.IGNORED, "", "", why);
    }
}
