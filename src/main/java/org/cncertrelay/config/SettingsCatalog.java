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

    private static final Set<String> CHECKED_PREFIXES = Set.of("reports.", "webhook.", "digest.", "mail.",
            "sink.");
    private static final Set<String> KNOWN = Set.of(
            "reports.urls", "reports.feeds", "reports.archive-dir", "reports.poll-cron", "reports.allowed-hosts",
            "reports.follow-depth", "reports.max-page-bytes", "reports.request-delay", "reports.connect-timeout",
            "reports.read-timeout", "reports.retry.initial-delay", "reports.retry.max-delay", "reports.parallelism",
            "reports.keep-raw", "reports.raw-max-bytes",
            "webhook.targets", "webhook.timeout", "webhook.retry.initial-delay", "webhook.retry.max-delay",
            "webhook.retry.max-attempts", "webhook.retry.unanswered-resends",
            "digest.cron", "digest.to", "digest.from", "digest.unsubscribe-url",
            "digest.unsubscribe-secret", "digest.unsubscribe-mailto", "digest.public.host", "digest.public.port",
            "digest.imap.host", "digest.imap.port", "digest.imap.ssl", "digest.imap.username", "digest.imap.password",
            "digest.imap.folder", "digest.imap.poll-delay", "digest.imap.bounce-limit",
            "mail.host", "mail.port", "mail.username", "mail.password", "mail.starttls");
    /** Settings outside the checked prefixes; with {@link #KNOWN}, what an environment variable may set. */
    private static final Set<String> OTHER_KNOWN = Set.of("csv.file", "relay.timezone", "relay.data-dir",
            "relay.shutdown-timeout", "relay.management.enabled", "relay.management.host", "relay.management.port",
            "relay.health.max-silence", "relay.store", "relay.jdbc.url", "relay.jdbc.user", "relay.jdbc.password",
            "relay.cluster.checkin-interval", "relay.routes-dir", "relay.language", "relay.jdbc.connect-timeout",
            "sinks", "relay.sinks-dir");
    private static final Set<String> TARGET_KEYS = Set.of("type", "url", "secret", "keyword", "rate-per-minute",
            "language");
    /**
     * What each numeric setting may be. Lower ends keep timeouts and pauses meaningful (a 0 s read timeout failed
     * every page as malformed); upper ends keep durations far from overflow (the page backoff doubles up to 2^20
     * times) and counts within what the machine can run. {@code webhook.N.*} stands for every target.
     */
    private static final Map<String, Bounds> WHOLE_NUMBERS = Map.ofEntries(
            Map.entry("reports.follow-depth", Bounds.wholeNumbers(0, 50)),
            Map.entry("reports.max-page-bytes", Bounds.wholeNumbers(1024, 64L * 1024 * 1024)),
            Map.entry("reports.parallelism", Bounds.wholeNumbers(1, 64)),
            // at least a few rotated files' worth; at most a TiB
            Map.entry("reports.raw-max-bytes", Bounds.wholeNumbers(64L * 1024 * 1024, 1L << 40)),
            Map.entry("relay.management.port", Bounds.wholeNumbers(0, 65535)),
            Map.entry("mail.port", Bounds.wholeNumbers(1, 65535)),
            Map.entry("digest.public.port", Bounds.wholeNumbers(1, 65535)),
            Map.entry("webhook.retry.max-attempts", Bounds.wholeNumbers(1, 100)),
            Map.entry("webhook.retry.unanswered-resends", Bounds.wholeNumbers(0, 5)),
            Map.entry("webhook.N.rate-per-minute", Bounds.wholeNumbers(1, 1_000_000)),
            Map.entry("digest.imap.port", Bounds.wholeNumbers(1, 65535)),
            Map.entry("digest.imap.bounce-limit", Bounds.wholeNumbers(1, 100)));
    /** Durations that may instead be a word: reports.keep-raw = keep (never deleted for its age). */
    private static final Map<String, String> DURATION_WORDS = Map.of("reports.keep-raw", "keep");
    private static final Set<String> SWITCHES = Set.of("relay.management.enabled", "mail.starttls",
            "digest.imap.ssl");
    private static final Map<String, Bounds> DURATIONS = Map.ofEntries(
            Map.entry("reports.request-delay", Bounds.durations("0s", "1h")),
            Map.entry("reports.connect-timeout", Bounds.durations("100ms", "10m")),
            Map.entry("reports.read-timeout", Bounds.durations("100ms", "1h")),
            Map.entry("reports.retry.initial-delay", Bounds.durations("1s", "30d")),
            Map.entry("reports.retry.max-delay", Bounds.durations("1s", "365d")),
            Map.entry("reports.keep-raw", Bounds.durations("1d", "36500d")),
            Map.entry("relay.shutdown-timeout", Bounds.durations("1s", "1h")),
            Map.entry("relay.health.max-silence", Bounds.durations("1s", "365d")),
            Map.entry("relay.cluster.checkin-interval", Bounds.durations("100ms", "10m")),
            Map.entry("relay.jdbc.connect-timeout", Bounds.durations("1s", "1m")),
            Map.entry("digest.imap.poll-delay", Bounds.durations("10s", "1d")),
            // a dead instance's deliveries are taken over within webhook.timeout + 30 s: at most a minute
            Map.entry("webhook.timeout", Bounds.durations("100ms", "30s")),
            Map.entry("webhook.retry.initial-delay", Bounds.durations("10ms", "1d")),
            Map.entry("webhook.retry.max-delay", Bounds.durations("10ms", "7d")));
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
        Set<String> sinks = Set.copyOf(config.list("sinks"));
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
            if (parts[0].equals("sink") && parts.length == 3 && parts[2].equals("route")) {
                if (sinks.contains(parts[1])) {
                    continue;
                }
                throw new ConfigException(key, "sink \"" + parts[1] + "\" is not listed in sinks "
                        + "(add it there, or remove its settings)");
            }
            throw new ConfigException(key, "unknown setting (a typo?); the settings are listed in "
                    + "config/application.properties");
        }
    }

    /**
     * Throws on the first number or duration outside its bounds, or a switch that is not true or false, so a
     * setting read only later (the shutdown timeout, the management port) stops the start too.
     */
    public static void checkValues(RelayConfig config) {
        for (String key : config.keys()) {
            if (config.optional(key) == null) {
                continue; // empty: the default applies
            }
            if (DURATION_WORDS.containsKey(key)) {
                config.durationOr(DURATION_WORDS.get(key), key, "0s");
            } else if (WHOLE_NUMBERS.containsKey(boundsKey(key))) {
                config.longValue(key, 0);
            } else if (DURATIONS.containsKey(boundsKey(key))) {
                config.duration(key, "0s");
            } else if (SWITCHES.contains(key)) {
                config.bool(key, false);
            }
        }
    }

    static Bounds wholeNumberBounds(String key) {
        return bounds(WHOLE_NUMBERS, key);
    }

    static Bounds durationBounds(String key) {
        return bounds(DURATIONS, key);
    }

    private static Bounds bounds(Map<String, Bounds> table, String key) {
        Bounds bounds = table.get(boundsKey(key));
        if (bounds == null) {
            throw new IllegalStateException(key + " has no bounds in SettingsCatalog");
        }
        return bounds;
    }

    /** {@code webhook.ops.rate-per-minute} → {@code webhook.N.rate-per-minute}; other keys as they are. */
    private static String boundsKey(String key) {
        String[] parts = key.split("\\.", 3);
        return parts.length == 3 && parts[0].equals("webhook") && TARGET_KEYS.contains(parts[2])
                ? "webhook.N." + parts[2] : key;
    }

    /** The relay's own settings (the JVM's system properties, also overrides, are not). */
    public static boolean isRelaySetting(String key) {
        return CHECKED_PREFIXES.stream().anyMatch(key::startsWith) || key.startsWith("relay.")
                || key.startsWith("csv.") || key.startsWith("camel.") || key.equals("sinks");
    }

    /**
     * Every setting with secrets masked: key-named secrets entirely, webhook URLs (which embed tokens) after host,
     * credentials in any other URL (a feed's or page's user, password, token parameter).
     */
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
        if (lower.startsWith("webhook.") && lower.endsWith(".url")) {
            return Redaction.url(value);
        }
        // the rest of a URL (a JDBC URL's host, port and database) is what an operator checks; only credentials hide
        return Redaction.withoutCredentials(value);
    }
}
