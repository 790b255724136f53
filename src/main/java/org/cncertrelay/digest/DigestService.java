package org.cncertrelay.digest;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.subscribers.FileSubscriberList;
import org.cncertrelay.subscribers.PgSubscriberList;
import org.cncertrelay.subscribers.Subscriber;
import org.cncertrelay.subscribers.SubscriberList;
import org.cncertrelay.subscribers.UnsubscribeTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the weekly digest: every issue no earlier digest contained, to every subscriber, each in a message of
 * their own. The state (the {@link DigestLedger} and each digest's message) lives under {@code <dataDir>/digest/},
 * or in PostgreSQL when several instances share it ({@link #onDatabase}); copies for the outbox go to
 * {@code <dataDir>/outbox/}.
 *
 * <p>A digest is first <em>prepared</em>: its message is stored and the ledger records its issues and subscribers.
 * Only then is it sent, and each subscriber is marked sent (or failed) in the ledger right after the server's
 * answer. So an issue known before a restart is in the next digest, and a digest that was sent is never sent
 * again: after a crash the next call resumes the same stored digest for the subscribers not yet marked, before
 * anything new is prepared. The one gap: if the process dies after the SMTP server accepted a copy but before the
 * ledger line was written, that subscriber receives the digest twice (with the same Message-ID, which many mail
 * clients fold into one). Every other subscriber gets it exactly once.
 *
 * <p>When the server cannot be reached the digest stays pending and the call returns
 * {@link DigestResult.Status#PENDING} rather than throwing; the next call retries it. A subscriber the server refuses
 * for good is recorded as failed and does not hold up the others. A digest is done once each subscriber was sent
 * a copy or refused for good. Calls are serialised, also across processes (the daemon and {@code --digest-now})
 * and instances sharing a database, by holding the ledger for the whole call.
 */
public final class DigestService {

    private static final Logger LOG = LoggerFactory.getLogger(DigestService.class);
    /** In outbox mode without subscribers one copy is still written, addressed to nobody in particular. */
    private static final String NOBODY = "undisclosed-recipients:;";

    private final DigestSettings settings;
    private final DigestLedger.Store ledgers;
    private final SubscriberList subscribers;
    private final MailDrop mailDrop;

    /** Keeps the digest state and the subscriber list in {@code <dataDir>}: for a single instance. */
    public DigestService(DigestSettings settings, Path dataDir) {
        this(settings, dataDir, FileDigestLedger.store(dataDir.resolve("digest")));
    }

    /**
     * Keeps the digest state in PostgreSQL, for several instances sharing {@code database}: one run at a time
     * across all of them, an issue in at most one digest, and a digest prepared by an instance that died is
     * finished by the next one that runs. The schema is Flyway migration V3 ({@code Database.migrate()}).
     *
     * @param dataDir only for the outbox, when no SMTP server is configured
     */
    public static DigestService onDatabase(DigestSettings settings, Path dataDir, DataSource database) {
        return new DigestService(settings, dataDir, PostgresDigestLedger.store(database), new PgSubscriberList(database));
    }

    DigestService(DigestSettings settings, Path dataDir, DigestLedger.Store ledgers) {
        this(settings, dataDir, ledgers, new FileSubscriberList(dataDir));
    }

    DigestService(DigestSettings settings, Path dataDir, DigestLedger.Store ledgers, SubscriberList subscribers) {
        this.settings = settings;
        this.ledgers = ledgers;
        this.subscribers = subscribers;
        this.mailDrop = settings.smtp().<MailDrop>map(SmtpMailDrop::new)
                .orElseGet(() -> new OutboxMailDrop(dataDir.resolve("outbox")));
    }

    /** The subscriber list the digest is sent to (in the data dir, or in PostgreSQL). */
    public SubscriberList subscribers() {
        return subscribers;
    }

    /**
     * Mails {@code address} the request to confirm its subscription in {@code language}, signed with the unsubscribe
     * secret; the reply goes to {@code digest.unsubscribe-mailto}, else to the sender.
     *
     * @return false when the mail server refuses the address for good
     * @throws IllegalStateException when the mail server cannot take it now: the request is read again later
     */
    public boolean sendConfirmation(String address, String language) {
        UnsubscribeTokens tokens = settings.tokens().orElseThrow(() -> new IllegalStateException(
                "confirmations need digest.unsubscribe-secret"));
        InternetAddress mailbox = settings.unsubscribeMailbox().map(DigestService::address).orElse(settings.from());
        MimeMessage message = DigestMail.confirmation(settings.from(), mailbox, address,
                tokens.subscribeToken(address, language), settings.listId(), Messages.of(language));
        try (MailDrop.Connection connection = mailDrop.connect()) {
            MailDrop.Delivery delivery = connection.deliver(message, address(address));
            if (delivery.outcome() == MailDrop.Outcome.DEFERRED) {
                throw new IllegalStateException(mailDrop.describe() + " deferred it: " + delivery.detail());
            }
            return delivery.outcome() == MailDrop.Outcome.SENT;
        } catch (MailDropUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Finishes any pending digest, then sends one for the candidates no earlier digest contained.
     *
     * @param candidates the issues that may be new (those already in a digest are skipped)
     * @param history    every known issue, for the changes against the previous issue and the trend chart
     */
    public DigestResult sendDigest(List<Report> candidates, List<Report> history) {
        try (DigestLedger ledger = ledgers.open()) {
            return new Run(ledger).execute(candidates, history);
        }
    }

    /** One call's work and what came of it. */
    private final class Run {

        private final DigestLedger ledger;
        private final List<ReportKey> issues = new ArrayList<>();
        private final List<String> sentTo = new ArrayList<>();
        private final Map<String, String> rejected = new LinkedHashMap<>();
        private MailDrop.Connection connection;
        /** Why copies are still owed, for the result's summary. */
        private String problem = "";

        Run(DigestLedger ledger) {
            this.ledger = ledger;
        }

        DigestResult execute(List<Report> candidates, List<Report> history) {
            try {
                for (DigestLedger.Digest digest : ledger.unfinished()) {
                    if (!deliver(digest)) {
                        return result();
                    }
                }
                Set<ReportKey> digested = ledger.digested();
                List<Report> fresh = candidates.stream().filter(report -> !digested.contains(report.key())).toList();
                if (!fresh.isEmpty()) {
                    deliver(prepare(fresh, history));
                } else if (issues.isEmpty()) {
                    LOG.info("No new issues since the last digest; nothing sent");
                }
                return result();
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }

        private DigestLedger.Digest prepare(List<Report> fresh, List<Report> history) {
            List<Subscriber> readers = activeSubscribers();
            // in outbox mode without subscribers one copy is still written, in the default language
            List<String> recipients = readers.isEmpty() && settings.smtp().isEmpty() ? List.of(NOBODY)
                    : readers.stream().map(Subscriber::recipient).toList();
            Set<String> languages = new TreeSet<>(readers.stream().map(Subscriber::language).toList());
            if (languages.isEmpty()) {
                languages.add(settings.messages().language());
            }
            Map<String, byte[]> templates = new LinkedHashMap<>();
            DigestContent content = null;
            for (String language : languages) {
                Messages messages = Messages.of(language);
                content = new DigestComposer(messages, visibleLink()).compose(fresh, history);
                templates.put(language, DigestMail.template(content, settings.from(), messages));
            }
            List<ReportKey> keys = content.issues();
            ReportKey newest = keys.get(0);
            ReportKey oldest = keys.get(keys.size() - 1);
            // Unique: digests never share an issue, so no two can have the same oldest and newest one.
            String id = "digest-" + oldest.year() + "-" + oldest.issue() + "_" + newest.year() + "-" + newest.issue();
            if (recipients.isEmpty()) {
                LOG.info("Digest {} has no active subscriber; its issues count as sent", DigestContent.range(keys));
            }
            return ledger.prepare(id, keys, recipients, DigestMail.bundle(templates));
        }

        /** @return false when nothing can be delivered right now; the digest stays pending */
        private boolean deliver(DigestLedger.Digest digest) {
            String range = DigestContent.range(digest.issues());
            issues.addAll(digest.issues());
            byte[] stored = ledger.message(digest);
            // each language's template read out of the stored bundle once, not once per subscriber
            Map<String, byte[]> templates = new HashMap<>();
            Map<String, Subscriber> listed = new HashMap<>();
            subscribers.all().forEach(subscriber -> listed.put(subscriber.address(), subscriber));
            int copies = 0;
            int settled = 0;
            MailDropUnavailableException unavailable = null;
            for (String recipientText : digest.owed()) {
                InternetAddress recipient = address(recipientText);
                // a digest prepared before the list existed names addresses it does not know: they get the default
                Subscriber subscriber = recipient.isGroup() ? null : listed.get(Subscriber.key(recipient.getAddress()));
                if (subscriber != null && !subscriber.active()) {
                    String reason = subscriber.state().label() + " (" + subscriber.how() + ", " + subscriber.since() + ")";
                    ledger.failed(digest, recipientText, reason);
                    settled++;
                    LOG.info("Subscriber {} not sent digest {}: {}", recipientText, range, reason);
                    continue;
                }
                String language = subscriber == null ? settings.messages().language() : subscriber.language();
                MailDrop.Delivery delivery;
                try {
                    if (connection == null) {
                        connection = mailDrop.connect();
                    }
                    byte[] template = templates.computeIfAbsent(language,
                            inLanguage -> DigestMail.templateFor(stored, inLanguage));
                    delivery = connection.deliver(addressed(template, digest.id(), recipient), recipient);
                } catch (MailDropUnavailableException e) {
                    unavailable = e;
                    break;
                }
                switch (delivery.outcome()) {
                    case SENT -> {
                        ledger.sent(digest, recipientText);
                        sentTo.add(recipientText);
                        copies++;
                        settled++;
                    }
                    case REJECTED -> {
                        ledger.failed(digest, recipientText, delivery.detail());
                        rejected.put(recipientText, delivery.detail());
                        settled++;
                        LOG.warn("Subscriber {} rejected by the server for digest {}: {}. Recorded as failed and not "
                                + "retried; correct or remove it in digest.to", recipientText, range, delivery.detail());
                    }
                    case DEFERRED -> {
                        problem = delivery.detail();
                        LOG.warn("Subscriber {} temporarily refused for digest {}: {}. Retried on the next run",
                                recipientText, range, delivery.detail());
                    }
                }
            }
            if (copies > 0) {
                LOG.info("Digest {} {}", range, mailDrop.delivered(copies));
            }
            if (unavailable != null) {
                problem = unavailable.getMessage();
                LOG.warn("Digest {} held back: {}. It stays pending for {} subscriber(s) and is retried on the "
                        + "next run; check that the server is up and mail.host, mail.port, mail.username and "
                        + "mail.starttls are right", range, unavailable.getMessage(), digest.owed().size() - settled);
                return false;
            }
            return true;
        }

        private DigestResult result() {
            List<ReportKey> newestFirst = issues.stream().sorted(Comparator.reverseOrder()).toList();
            List<DigestLedger.Digest> unfinished = ledger.unfinished();
            if (!unfinished.isEmpty()) {
                int owed = unfinished.stream().mapToInt(digest -> digest.owed().size()).sum();
                return new DigestResult(DigestResult.Status.PENDING, newestFirst, sentTo, rejected,
                        "Digest pending: " + owed + " subscriber copy(ies) not yet delivered (" + problem
                                + "); retried on the next run");
            }
            if (newestFirst.isEmpty()) {
                return new DigestResult(DigestResult.Status.NOTHING_NEW, newestFirst, sentTo, rejected,
                        "No new issues since the last digest; nothing sent");
            }
            return new DigestResult(DigestResult.Status.SENT, newestFirst, sentTo, rejected,
                    "Digest " + DigestContent.range(newestFirst) + " " + mailDrop.delivered(sentTo.size())
                            + (rejected.isEmpty() ? "" : "; rejected: " + String.join(", ", rejected.keySet())));
        }
    }

    /** The subscribers a new digest goes to: active ones, less those that came from digest.to and were removed there. */
    private List<Subscriber> activeSubscribers() {
        subscribers.seed(settings.to(), settings.messages().language(), Instant.now());
        Set<String> configured = new HashSet<>();
        settings.to().forEach(address -> configured.add(Subscriber.key(address.getAddress())));
        return subscribers.all().stream().filter(Subscriber::active)
                .filter(subscriber -> !subscriber.how().equals(Subscriber.FROM_SETTINGS)
                        || configured.contains(subscriber.address()))
                .toList();
    }

    /** The unsubscribe link the bodies show: each subscriber's own when there are tokens, else the common one. */
    private Optional<URI> visibleLink() {
        return settings.tokens().isPresent() ? Optional.of(DigestMail.PERSONAL_LINK) : settings.unsubscribeUrl();
    }

    private MimeMessage addressed(byte[] template, String digestId, InternetAddress recipient) {
        if (settings.tokens().isEmpty() || recipient.isGroup()) {
            return DigestMail.addressed(template, digestId, recipient, settings.unsubscribeUrl().stream().toList(),
                    settings.unsubscribeUrl());
        }
        UnsubscribeTokens tokens = settings.tokens().get();
        URI page = tokens.url(recipient.getAddress());
        List<URI> unsubscribe = new ArrayList<>(List.of(page));
        settings.unsubscribeMailbox().ifPresent(mailbox -> unsubscribe.add(tokens.mailto(mailbox,
                recipient.getAddress())));
        return DigestMail.addressed(template, digestId, recipient, unsubscribe, Optional.of(page));
    }

    private static InternetAddress address(String text) {
        try {
            return new InternetAddress(text);
        } catch (AddressException e) {
            throw new IllegalStateException("the digest ledger holds a malformed address: " + text, e);
        }
    }
}
