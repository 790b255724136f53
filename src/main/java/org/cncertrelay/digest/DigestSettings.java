package org.cncertrelay.digest;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.config.RelayConfig;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.subscribers.UnsubscribeTokens;
import org.quartz.CronExpression;

/**
 * The weekly digest's configuration, read from the application's properties ({@code digest.*} and
 * {@code mail.*}; other keys are ignored). Every value is checked here, so a typo fails at startup with the key's
 * name rather than at 09:00 on a Monday. Without {@code mail.host} digests are written as {@code .eml} files to the
 * outbox instead of being mailed.
 *
 * @param cron           Quartz cron expression of the weekly run ({@code digest.cron}); the daemon schedules it
 * @param to             subscribers ({@code digest.to}), each gets a message of their own
 * @param from           sender ({@code digest.from})
 * @param unsubscribeUrl where subscribers unsubscribe ({@code digest.unsubscribe-url}), advertised in
 *                       {@code List-Unsubscribe}; the same for everyone unless {@code tokens} is set
 * @param tokens         per-subscriber unsubscribe links, when {@code digest.unsubscribe-secret} is set
 * @param unsubscribeMailbox where a {@code mailto:} unsubscribe goes ({@code digest.unsubscribe-mailto}), if anywhere
 * @param publicListener where the unsubscribe page listens ({@code digest.public.host}, {@code digest.public.port}),
 *                       or empty when it is off
 * @param smtp           the SMTP server, or empty to write to the outbox
 * @param messages       the default language ({@code relay.language}), also of subscribers from {@code digest.to}
 */
public record DigestSettings(String cron, List<InternetAddress> to, InternetAddress from,
                             Optional<URI> unsubscribeUrl, Optional<UnsubscribeTokens> tokens,
                             Optional<String> unsubscribeMailbox, Optional<InetSocketAddress> publicListener,
                             Optional<Smtp> smtp, Messages messages) {

    /** Monday 09:00, in Quartz syntax. */
    public static final String DEFAULT_CRON = "0 0 9 ? * MON";
    /** The sender when digest.from is not set, allowed only in outbox mode where nothing is really sent. */
    static final String DEFAULT_FROM = "cncert-relay@localhost";
    /** 128 bits of a random base64 text; a shorter secret could be guessed offline from one token. */
    static final int MIN_SECRET_LENGTH = 22;

    /**
     * How to reach the SMTP server. {@code password} is left out of {@link #toString()} so the settings can be
     * logged.
     */
    public record Smtp(String host, int port, Optional<String> username, Optional<String> password,
                       boolean starttls) {

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", username=" + username.orElse("(none)")
                    + ", password=" + (password.isPresent() ? "****" : "(none)") + ", starttls=" + starttls + "]";
        }
    }

    public DigestSettings {
        to = List.copyOf(to);
    }

    public static DigestSettings parse(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return parse(map);
    }

    /** @throws ConfigException naming the offending key when a value is malformed or missing */
    public static DigestSettings parse(Map<String, String> properties) {
        String cron = value(properties, "digest.cron").orElse(DEFAULT_CRON);
        if (!CronExpression.isValidExpression(cron)) {
            throw invalid("digest.cron", "'" + cron + "' is not a Quartz cron expression (e.g. " + DEFAULT_CRON + ")");
        }
        List<InternetAddress> to = addresses(value(properties, "digest.to").orElse(""));
        Optional<InternetAddress> from = value(properties, "digest.from").map(text -> address("digest.from", text));
        Optional<URI> unsubscribe = value(properties, "digest.unsubscribe-url").map(DigestSettings::unsubscribeUrl);
        Optional<Smtp> smtp = smtp(properties);
        if (smtp.isPresent()) {
            // A made-up sender the server would reject is a mistake worth stopping for. No digest.to is not: the
            // subscriber list may be filled by --subscribe or by mail.
            if (from.isEmpty()) {
                throw invalid("digest.from", "a sender address is required when mail.host is set");
            }
        }
        InternetAddress sender = from.orElseGet(() -> address("digest.from", DEFAULT_FROM));
        Optional<UnsubscribeTokens> tokens = value(properties, "digest.unsubscribe-secret")
                .map(secret -> tokens(secret, unsubscribe, sender));
        Optional<String> mailbox = value(properties, "digest.unsubscribe-mailto")
                .map(text -> address("digest.unsubscribe-mailto", text).getAddress());
        if (mailbox.isPresent() && tokens.isEmpty()) {
            throw invalid("digest.unsubscribe-mailto", "needs digest.unsubscribe-secret, to tell who wrote");
        }
        return new DigestSettings(cron, to, sender, unsubscribe, tokens, mailbox, publicListener(properties, tokens),
                smtp, language(value(properties, "relay.language").orElse(Messages.DEFAULT_LANGUAGE)));
    }

    /** The digest's list id, {@code cncert-digest.example.org} for a sender at example.org (RFC 2919 List-Id). */
    public String listId() {
        return listId(from);
    }

    static String listId(InternetAddress from) {
        String address = from.getAddress();
        return "cncert-digest." + address.substring(address.indexOf('@') + 1);
    }

    private static UnsubscribeTokens tokens(String secret, Optional<URI> url, InternetAddress from) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw invalid("digest.unsubscribe-secret", "must be at least " + MIN_SECRET_LENGTH
                    + " characters (e.g. the output of openssl rand -base64 32)");
        }
        if (url.isEmpty() || url.get().getScheme().equalsIgnoreCase("mailto")) {
            throw invalid("digest.unsubscribe-url", "the public https: address of the unsubscribe page is required "
                    + "when digest.unsubscribe-secret is set");
        }
        return new UnsubscribeTokens(secret, listId(from), url.get());
    }

    private static Optional<InetSocketAddress> publicListener(Map<String, String> properties,
                                                              Optional<UnsubscribeTokens> tokens) {
        if (value(properties, "digest.public.port").isEmpty()) {
            return Optional.empty();
        }
        int port = RelayConfig.of(properties).integer("digest.public.port", 0);
        if (tokens.isEmpty()) {
            throw invalid("digest.public.port", "the unsubscribe page needs digest.unsubscribe-secret");
        }
        return Optional.of(new InetSocketAddress(value(properties, "digest.public.host").orElse("127.0.0.1"), port));
    }

    private static Messages language(String language) {
        try {
            return Messages.of(language);
        } catch (IllegalArgumentException e) {
            throw invalid("relay.language", "'" + language + "' is not a language of the relay: zh-CN or en");
        }
    }

    private static Optional<Smtp> smtp(Map<String, String> properties) {
        Optional<String> host = value(properties, "mail.host");
        Optional<String> username = value(properties, "mail.username");
        Optional<String> password = value(properties, "mail.password");
        RelayConfig config = RelayConfig.of(properties);
        int port = config.integer("mail.port", 25);
        boolean starttls = config.bool("mail.starttls", false);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (username.isPresent() != password.isPresent()) {
            throw invalid(username.isPresent() ? "mail.password" : "mail.username",
                    "mail.username and mail.password must be set together");
        }
        return Optional.of(new Smtp(host.get(), port, username, password, starttls));
    }

    private static Optional<String> value(Map<String, String> properties, String key) {
        String value = properties.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static List<InternetAddress> addresses(String commaSeparated) {
        List<InternetAddress> addresses = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                addresses.add(address("digest.to", part.trim()));
            }
        }
        return addresses;
    }

    private static InternetAddress address(String key, String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            if (address.isGroup()) {
                throw invalid(key, "'" + text + "' is a group, not a mailbox");
            }
            return address;
        } catch (AddressException e) {
            throw invalid(key, "'" + text + "' is not an e-mail address (" + e.getMessage() + ")");
        }
    }

    private static URI unsubscribeUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("https", "http", "mailto").contains(scheme)) {
                throw invalid("digest.unsubscribe-url", "'" + text + "' must be an https:, http: or mailto: URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("digest.unsubscribe-url", "'" + text + "' is not a URL (" + e.getMessage() + ")");
        }
    }

    private static ConfigException invalid(String key, String problem) {
        return new ConfigException(key, problem);
    }
}
