package org.cncertrelay.subscribers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.config.RelayConfig;

/**
 * The digest's mailbox ({@code digest.imap.*}): where {@code mailto:} unsubscribes, subscribe requests and bounces
 * arrive. Off unless {@code digest.imap.host} is set.
 *
 * @param bounceLimit hard bounces after which an address gets no further digest
 */
public record MailboxSettings(String host, int port, boolean ssl, String username, String password, String folder,
                              Duration pollDelay, int bounceLimit) {

    /** Empty when {@code digest.imap.host} is not set; the values are range-checked by the settings catalog. */
    public static Optional<MailboxSettings> parse(Map<String, String> properties) {
        RelayConfig config = RelayConfig.of(properties);
        String host = config.string("digest.imap.host", "").strip();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (config.string("digest.unsubscribe-secret", "").isBlank()) {
            throw new ConfigException("digest.imap.host", "the mailbox needs digest.unsubscribe-secret, to check the "
                    + "tokens of unsubscribe and confirm mails");
        }
        boolean ssl = config.bool("digest.imap.ssl", true);
        return Optional.of(new MailboxSettings(host, config.integer("digest.imap.port", ssl ? 993 : 143), ssl,
                config.string("digest.imap.username", ""), config.string("digest.imap.password", ""),
                config.string("digest.imap.folder", "INBOX"), config.duration("digest.imap.poll-delay", "5m"),
                config.integer("digest.imap.bounce-limit", 3)));
    }

    /**
     * The camel-mail consumer: each unread mail is read once and marked read only when handled, so a mail whose
     * answer could not be sent is read again on the next poll; nothing is deleted. The bean {@code mailboxPolling}
     * says in one line when the mailbox cannot be read, and when it can again.
     */
    public String camelUri() {
        return (ssl ? "imaps" : "imap") + "://" + host + ":" + port + "?username=RAW(" + username + ")&password=RAW("
                + password + ")&folderName=" + URLEncoder.encode(folder, StandardCharsets.UTF_8)
                + "&unseen=true&delete=false&mapMailMessage=false&delay=" + pollDelay.toMillis()
                + "&connectionTimeout=10000&pollStrategy=#mailboxPolling&exceptionHandler=#mailboxPolling";
    }

    /** No password: for log lines. */
    @Override
    public String toString() {
        return (ssl ? "imaps" : "imap") + "://" + host + ":" + port + "/" + folder;
    }
}
