package org.cncertrelay.digest;

/** Nothing can be delivered right now (SMTP server unreachable, login refused, outbox not writable). */
final class MailDropUnavailableException extends Exception {

    MailDropUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
