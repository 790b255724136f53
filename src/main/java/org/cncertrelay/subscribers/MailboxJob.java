package org.cncertrelay.subscribers;

import jakarta.mail.Message;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import org.cncertrelay.metrics.RelayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what the mails in the digest's mailbox ask: unsubscribes ({@code mailto:} of {@code List-Unsubscribe}),
 * answers a subscribe request with a mail to confirm, subscribes on the confirmation, and counts hard bounces. One
 * log line and one metric per request. A confirmation the mail server cannot take now throws, so the mail stays
 * unread and is handled again on the next poll; every other outcome is final.
 */
public final class MailboxJob {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxJob.class);

    /** Sends the mail that asks to confirm a subscription. */
    public interface Confirmations {
        /**
         * @return false when the address is refused for good
         * @throws IllegalStateException when it cannot be sent now
         */
        boolean send(String address, String language);
    }

    private final MailboxReader reader;
    private final SubscriberList subscribers;
    private final Confirmations confirmations;
    private final int bounceLimit;
    private final String defaultLanguage;
    private final RelayMetrics metrics;
    private final Clock clock;

    public MailboxJob(MailboxReader reader, SubscriberList subscribers, Confirmations confirmations, int bounceLimit,
                      String defaultLanguage, RelayMetrics metrics, Clock clock) {
        this.reader = reader;
        this.subscribers = subscribers;
        this.confirmations = confirmations;
        this.bounceLimit = bounceLimit;
        this.defaultLanguage = defaultLanguage;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void handle(Message message) {
        for (MailboxRequest request : reader.read(message)) {
            apply(request);
            metrics.mailboxRequest(request.kind().label());
        }
    }

    private void apply(MailboxRequest request) {
        String address = request.address();
        String language = request.language().isEmpty() ? defaultLanguage : request.language();
        switch (request.kind()) {
            case UNSUBSCRIBE -> LOG.info(subscribers.unsubscribe(address, "mailto", clock.instant())
                    ? "Mailbox: unsubscribed {} (mailto)" : "Mailbox: {} asked to unsubscribe; was not subscribed",
                    address);
            case SUBSCRIBE -> {
                if (subscribers.find(address).filter(Subscriber::active).isPresent()) {
                    LOG.info("Mailbox: {} asked to subscribe; is subscribed already", address);
                } else if (confirmations.send(address, language)) {
                    LOG.info("Mailbox: {} asked to subscribe ({}); asked it to confirm", address, language);
                } else {
                    LOG.warn("Mailbox: {} asked to subscribe, but the mail server refuses the address", address);
                }
            }
            case CONFIRM -> {
                Subscriber subscriber = subscribers.subscribe(internet(address), language, "mailto", clock.instant());
                LOG.info("Mailbox: subscribed {} ({}), confirmed by mail", subscriber.address(),
                        subscriber.language());
            }
            case BOUNCE -> {
                int bounces = subscribers.bounced(address, bounceLimit, clock.instant());
                if (bounces == 0) {
                    LOG.info("Mailbox: a hard bounce ({}) for {}, not an active subscriber", request.detail(), address);
                } else if (bounces >= bounceLimit) {
                    LOG.warn("Mailbox: {} bounced {} times (last {}): no further digest until it subscribes again",
                            address, bounces, request.detail());
                } else {
                    LOG.info("Mailbox: a hard bounce ({}) for {}, {} of {}", request.detail(), address, bounces,
                            bounceLimit);
                }
            }
            case IGNORED -> LOG.info("Mailbox: a mail ignored: {}", request.detail());
        }
    }

    /** The address of a confirm token: the relay signed it, so it is well formed. */
    private static InternetAddress internet(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            throw new IllegalStateException("a signed address that is not one: " + address, e);
        }
    }
}
