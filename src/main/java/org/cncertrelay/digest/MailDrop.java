package org.cncertrelay.digest;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Where addressed digests go: an SMTP server, or {@code .eml} files in the outbox when none is configured. */
interface MailDrop {

    /** For log lines, such as {@code smtp://mail.example.org:587}. */
    String describe();

    /** For the log line after a digest went out, such as {@code sent to 3 subscriber(s) via smtp://…}. */
    String delivered(int copies);

    /** Connects for a run of deliveries. */
    Connection connect() throws MailDropUnavailableException;

    interface Connection extends AutoCloseable {

        /**
         * Hands over one subscriber's copy. A refusal that concerns this subscriber only is returned as an
         * outcome; a failure that would hit every subscriber (server gone, disk full) is thrown.
         */
        Delivery deliver(MimeMessage message, InternetAddress recipient) throws MailDropUnavailableException;

        @Override
        void close();
    }

    /** What became of one subscriber's copy. */
    record Delivery(Outcome outcome, String detail) {
    }

    enum Outcome {
        /** Accepted by the server or written to the outbox: done. */
        SENT,
        /** Refused for good (5xx on RCPT): recorded as failed, not retried. */
        REJECTED,
        /** Refused for now (4xx): retried on the next run. */
        DEFERRED
    }
}
