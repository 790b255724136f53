package org.cncertrelay.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings the relay knows, so a typo under {@code reports.}, {@code webhook.}, {@code digest.} or
 * {@code mail.} is reported instead of silently ignored, and how each value may be shown in a log or a dump.
 */
public final class SettingsCatalog {

    private static final Set<String> CHECKED_PREFIXES = Set.of("reports.", "webhook.", "digest.", "mail.");
    private static final Set<String> KNOWN = Set.of(
            "reports.urls", "reports.feeds", "reports.archive-dir", "reports.poll-cron", "reports.allowed-hosts",
            "reports.follow-depth", "reports.max-page-bytes", "reports.request-delay", "reports.connect-timeout",
            "reports.read-timeout", "reports.retry.initial-delay", "reports.retry.max-delay", "reports.parallelism",
            "webhook.targets", "webhook.timeout", "webhook.retry.initial-delay", "webhook.retry.max-delay",
            "webhook.retry.max-attempts",
            "digest.cron", "digest.to", "digest.from", "digest.unsubscribe-url",
            "mail.host", "mail.port", "mail.username", "mail.password", "mail.starttls");
    /** Settings outside the checked prefixes; with {@link #KNOWN}, what an environment variable may set. */
    private static final Set<String> OTHER_KNOWN = Set.of("csv.file", "relay.timezone", "relay.data-dir",
            "relay.shutdown-timeout", "relay.management.enabled", "relay.management.host", "relay.management.port",
            "relay.health.max-silence", "relay.store", "relay.jdbc.url", "relay.jdbc.user", "relay.jdbc.password",
            "relay.cluster.checkin-interval", "relay.routes-dir");
    private static final Set<String> TARGET_KEYS = Set.of("type", "url", "secret", "keyword", "rate-per-minute");
    private static final Pattern SECRET_KEY = Pattern.compile(".*(secret|password|token|apikey|api-key)$");

    private SettingsCatalog() {
    }

    /** Every fixed setting name, so {@code RELAY_JDBC_PASSWORD} works even when the file does not list the key. */
    public static Set<String> fixedKeys() {
        Set<String> keys = new java.util.HashSet<>(KNOWN);
        keys.addAll(OTHER_KNOWN);
        return keys;
    }

    /** Throws on the first key under a checked prefix that the relay does not know. */
    public static void checkKnown(RelayConfig config) {
        Set<String> targets = Set.copyOf(config.list("webhook.targets"));
        for (String key : config.keys()) {
            if (CHECKED_PREFIXES.stream().noneMatch(key::startsWith) || KNOWN.contains(key)) {
                continue;
            }
            String[] parts = key.split("\\.", 3);
            if (parts[0].equals("webhook") && parts.length == 3 && TARGET_KEYS.contains(parts[2])) {
                if (targets.contains(parts[1])) {
                    continue;
                }
                throw new ConfigException(key, "target \"" + parts[1] + "\" is not listed in webhook.targets "
                        + "(add it there, or remove its settings)");
            }
            throw new ConfigException(key, "unknown setting (a typo?); the settings are listed in "
                    + "config/application.properties");
        }
    }

    /** The relay's own settings (the JVM's system properties, also overrides, are not). */
    public static boolean isRelaySetting(String key) {
        return CHECKED_PREFIXES.stream().anyMatch(key::startsWith) || key.startsWith("relay.")
                || key.startsWith("csv.") || key.startsWith("camel.");
    }

    /** Every setting with secrets masked: key-named secrets entirely, webhook URLs (which embed tokens) after host. */
    public static Map<String, String> masked(RelayConfig config) {
        Map<String, String> shown = new TreeMap<>();
        for (String key : config.keys()) {
            shown.put(key, mask(key, config.string(key, "")));
        }
        return shown;
    }

    static String mask(String key, String value) {
        if (value.isEmpty()) {
            return value;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (SECRET_KEY.matcher(lower).matches()) {
            return Redaction.MASK;
        }
        if (lower.startsWith("webhook.") && lower.endsWith(".url") || lower.contains("jdbc.url")) {
            return Redaction.url(value);
        }
        return value;
    }
}
