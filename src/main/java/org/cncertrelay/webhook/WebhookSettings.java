package org.cncertrelay.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.cncertrelay.config.ConfigException;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.config.Durations;
import org.cncertrelay.config.RelayConfig;
import org.cncertrelay.config.SettingsCatalog;

/**
 * Everything the webhook dispatcher needs, parsed from the {@code webhook.*} properties:
 * <pre>
 * webhook.targets = ops, team              chat target names, comma-separated (none: no chat messages)
 * webhook.N.type  = generic | slack | discord | dingtalk | feishu (or lark) | wecom | teams
 * webhook.N.url   = https://...
 * webhook.N.secret          optional: signs the request (dingtalk, where it starts with SEC; feishu; generic)
 * webhook.N.keyword         optional: DingTalk/Feishu custom keyword, added to the text if missing
 * webhook.N.rate-per-minute default 20 for dingtalk and wecom, 60 otherwise
 * webhook.retry.initial-delay = 5s, webhook.retry.max-delay = 10m, webhook.retry.max-attempts = 8,
 * webhook.retry.unanswered-resends = 1
 * webhook.timeout = 15s
 * sinks = feed, sql                        record sinks: user routes fed through the same outbox
 * sink.N.route    = sink-N                 the id of the route (started by {@code from: direct:...}) that is sink N
 * </pre>
 * The CSV file is a record sink too, always on and first: {@value #CSV_SINK}, the route {@code sink-csv} in
 * {@code routes/5-fan-out.camel.yaml}. So every record sink, built in or the user's, is reached one way.
 * Durations are read by {@link Durations}: a unit ({@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}), ISO-8601
 * ({@code PT5S}) or plain seconds. Numbers and durations must lie within their bounds in {@link SettingsCatalog}.
 */
public record WebhookSettings(List<WebhookTarget> targets, RetryPolicy retry, Duration timeout) {

    /** The record sinks among the targets (type {@link TargetType#SINK}), in listed order. */
    public List<WebhookTarget> sinks() {
        return targets.stream().filter(target -> target.type() == TargetType.SINK).toList();
    }

    /**
     * The backoff of {@code target}'s deliveries: {@code webhook.retry.*}; the CSV sink's has no last attempt, as
     * what refuses its row is the local disk (full, read-only), which the operator frees, not a receiver that may
     * refuse for good: its rows wait, in order, and follow once the disk takes them, without dead letters.
     */
    public RetryPolicy retryFor(WebhookTarget target) {
        return isCsv(target) ? retry.untilDone() : retry;
    }

    /**
     * The user's record sinks: all but the CSV. They alone are told of a record {@code --reparse} corrected (it
     * rewrites the CSV itself, in one go: old file or new, never a mix) and offered the records taken before they
     * were switched on (the CSV's history is the file, which the file store's start-up check completes).
     */
    public List<WebhookTarget> userSinks() {
        return sinks().stream().filter(sink -> !isCsv(sink)).toList();
    }

    /** The built-in CSV sink: its name is taken, so no chat target and no sink of the user's is named so. */
    private static boolean isCsv(WebhookTarget target) {
        return target.name().equals(CSV_SINK);
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    /** The built-in record sink that writes {@code reports.csv}; its name is taken. */
    public static final String CSV_SINK = "csv";

    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public WebhookSettings {
        targets = List.copyOf(targets);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("webhook.timeout", "must be positive");
        }
    }

    public static WebhookSettings fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            map.put(key, properties.getProperty(key));
        }
        return fromProperties(map);
    }

    /** @throws ConfigException naming the offending key */
    public static WebhookSettings fromProperties(Map<String, String> properties) {
        RelayConfig config = RelayConfig.of(properties);
        List<WebhookTarget> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : value(properties, "webhook.targets", "").split(",")) {
            name = name.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!TARGET_NAME.matcher(name).matches() || name.equals("retry")) {
                throw new ConfigException("webhook.targets", "invalid target name '" + name
                        + "' (letters, digits, '-' and '_'; 'retry' is reserved)");
            }
            if (name.equals(CSV_SINK)) {
                throw new ConfigException("webhook.targets", "'" + CSV_SINK + "' is the built-in CSV sink's name"
                        + " (a sink and a target share the outbox); name the target otherwise");
            }
            if (!seen.add(name)) {
                throw new ConfigException("webhook.targets", "target '" + name + "' is listed twice");
            }
            targets.add(target(properties, config, name));
        }
        targets.add(sink(CSV_SINK, "sink-" + CSV_SINK));
        for (String name : value(properties, "sinks", "").split(",")) {
            name = name.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!TARGET_NAME.matcher(name).matches()) {
                throw new ConfigException("sinks", "invalid sink name '" + name + "' (letters, digits, '-' and '_')");
            }
            if (name.equals(CSV_SINK)) {
                throw new ConfigException("sinks", "'" + CSV_SINK + "' is built in and always on; list only your own"
                        + " sinks");
            }
            if (!seen.add(name)) {
                throw new ConfigException("sinks", "'" + name + "' is listed twice, or is also a webhook target"
                        + " (a sink and a target share the outbox, so their names must differ)");
            }
            targets.add(sink(properties, name));
        }
        Duration initialDelay = config.duration("webhook.retry.initial-delay",
                Durations.format(RetryPolicy.DEFAULT.initialDelay()));
        Duration maxDelay = config.duration("webhook.retry.max-delay", Durations.format(RetryPolicy.DEFAULT.maxDelay()));
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new ConfigException("webhook.retry.max-delay", "must not be shorter than webhook.retry.initial-delay");
        }
        int maxAttempts = config.integer("webhook.retry.max-attempts", RetryPolicy.DEFAULT.maxAttempts());
        int unansweredResends = config.integer("webhook.retry.unanswered-resends",
                RetryPolicy.DEFAULT.unansweredResends());
        Duration timeout = config.duration("webhook.timeout", Durations.format(DEFAULT_TIMEOUT));
        return new WebhookSettings(targets, new RetryPolicy(initialDelay, maxDelay, maxAttempts, unansweredResends), timeout);
    }

    private static WebhookTarget target(Map<String, String> properties, RelayConfig config, String name) {
        String prefix = "webhook." + name + ".";
        String typeValue = value(properties, prefix + "type", null);
        if (typeValue == null) {
            throw new ConfigException(prefix + "type", "is missing");
        }
        TargetType type;
        try {
            type = TargetType.fromPropertyValue(typeValue);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + "type", e.getMessage());
        }
        URI url = url(properties, prefix + "url");
        String secret = value(properties, prefix + "secret", null);
        // A secret or keyword the type cannot use would silently do nothing: the operator believes in a
        // protection that is not there.
        if (secret != null && !type.signs()) {
            throw new ConfigException(prefix + "secret", type.propertyValue()
                    + " webhooks are not signed; remove the secret (only generic, dingtalk and feishu sign)");
        }
        if (secret != null && type == TargetType.GENERIC && secret.startsWith(StandardWebhookSignature.SECRET_PREFIX)) {
            try {
                StandardWebhookSignature.key(secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(prefix + "secret", "a whsec_ secret is whsec_ followed by the key in "
                        + "base64 (" + e.getMessage() + ")");
            }
        }
        if (secret != null && type == TargetType.DINGTALK && !secret.startsWith("SEC")) {
            throw new ConfigException(prefix + "secret", "a DingTalk 加签 secret starts with SEC"
                    + " (is this the access_token?)");
        }
        String keyword = value(properties, prefix + "keyword", null);
        if (keyword != null && !type.usesKeyword()) {
            throw new ConfigException(prefix + "keyword", "only dingtalk and feishu robots use a keyword");
        }
        int rate = config.integer(prefix + "rate-per-minute", type.defaultRatePerMinute());
        String language = value(properties, prefix + "language",
                value(properties, "relay.language", Messages.DEFAULT_LANGUAGE));
        Messages messages;
        try {
            messages = Messages.of(language);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(value(properties, prefix + "language", null) != null ? prefix + "language"
                    : "relay.language", "'" + language + "' is not a language of the relay: zh-CN or en");
        }
        return new WebhookTarget(name, type, url, secret, keyword, rate, messages);
    }

    /**
     * A record sink: the route {@code sink.N.route} (default {@code sink-N}), addressed as
     * {@code relay-sink:<route id>}; that the route exists is checked once Camel has loaded the routes.
     */
    private static WebhookTarget sink(Map<String, String> properties, String name) {
        String key = "sink." + name + ".route";
        String route = value(properties, key, "sink-" + name);
        if (!TARGET_NAME.matcher(route).matches()) {
            throw new ConfigException(key, "invalid route id '" + route + "' (letters, digits, '-' and '_')");
        }
        return sink(name, route);
    }

    private static WebhookTarget sink(String name, String route) {
        return new WebhookTarget(name, TargetType.SINK, URI.create(SINK_SCHEME + ":" + route), null, null,
                TargetType.SINK.defaultRatePerMinute(), Messages.chinese());
    }

    /** The scheme of a sink target's address; the rest is the id of its route. */
    public static final String SINK_SCHEME = "relay-sink";

    /** Trimmed value, or the fallback when the key is absent or blank. */
    private static String value(Map<String, String> properties, String key, String fallback) {
        String value = properties.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    // The URL itself is never put into the message: it carries the target's token.
    private static URI url(Map<String, String> properties, String key) {
        String value = value(properties, key, null);
        if (value == null) {
            throw new ConfigException(key, "is missing");
        }
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new ConfigException(key, "must be an absolute http(s) URL with a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL (" + e.getReason() + ")");
        }
    }
}
