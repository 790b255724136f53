package org.cncertrelay;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.cncertrelay.config.Durations;
import org.cncertrelay.subscribers.MailboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mailbox route says about the mailbox itself: one WARN when it cannot be read (server down, login
 * refused), one INFO when it can again, instead of camel-mail's WARN with a stack trace on every poll; one WARN per
 * mail that could not be handled (it stays unread and is handled again on the next poll).
 */
final class MailboxPolling implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxPolling.class);

    private final MailboxSettings settings;
    private boolean failing;

    MailboxPolling(MailboxSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public synchronized void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (failing) {
            failing = false;
            LOG.info("Mailbox {} can be read again", settings);
        }
    }

    /** No retry at once: the next poll, digest.imap.poll-delay later, tries again. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public synchronized void handleException(String message, Exchange exchange, Throwable exception) {
        Throwable cause = exchange != null && exchange.getException() != null ? exchange.getException() : exception;
        if (exchange != null) {
            LOG.warn("Mailbox: a mail could not be handled ({}); it stays unread and is read again on the next poll",
                    describe(cause));
        } else if (!failing) {
            failing = true;
            LOG.warn("Mailbox {} cannot be read: {}; trying again every {}", settings, describe(cause),
                    Durations.format(settings.pollDelay()));
        } else {
            LOG.debug("Mailbox {} still cannot be read: {}", settings, describe(cause));
        }
    }

    /** The innermost cause's message: "Connection refused", "authentication failed". */
    private static String describe(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.replaceAll("\\s+", " ").strip();
    }
}
