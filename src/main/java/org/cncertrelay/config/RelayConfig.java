package org.cncertrelay.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * The relay's settings, resolved once at start-up: a JVM system property ({@code -Dkey=value}) wins over an
 * environment variable (the key upper-cased, {@code .} and {@code -} as {@code _}: {@code REPORTS_URLS}), which wins
 * over the settings file ({@link SettingsFile}). Environment variables set the keys the file lists and every fixed
 * setting; per-target webhook keys come from the file or {@code -D}. Values may refer to the environment with
 * {@code ${env:NAME}}. Typed getters check each value and throw {@link ConfigException} naming the key.
 */
public final class RelayConfig {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}");

    private final Map<String, String> values;

    private RelayConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param file      the settings file's values ({@link SettingsFile})
     * @param overrides values that win over everything (system properties, or a test's settings)
     * @param env       the environment
     */
    public static RelayConfig load(Properties file, Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> resolved = new TreeMap<>();
        file.stringPropertyNames().forEach(key -> resolved.put(key, file.getProperty(key).trim()));
        Set<String> candidates = new java.util.HashSet<>(resolved.keySet());
        candidates.addAll(SettingsCatalog.fixedKeys());
        for (String key : candidates) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                resolved.put(key, fromEnv.trim());
            }
        }
        overrides.forEach((key, value) -> resolved.put(key, value.trim()));
        resolved.replaceAll((key, value) -> expandEnv(key, value, env));
        return new RelayConfig(resolved);
    }

    /** Settings as given, trimmed like a file's; for the sinks' parsers and tests. */
    public static RelayConfig of(Map<String, String> values) {
        Map<String, String> trimmed = new TreeMap<>();
        values.forEach((key, value) -> trimmed.put(key, value.trim()));
        return new RelayConfig(trimmed);
    }

    /** {@code reports.urls} → {@code REPORTS_URLS}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String expandEnv(String key, String value, Map<String, String> env) {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement = env.get(matcher.group(1));
            if (replacement == null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                throw new ConfigException(key, "refers to the environment variable " + matcher.group(1)
                        + ", which is not set");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** Every resolved setting, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties properties = new Properties();
        properties.putAll(values);
        return properties;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public String string(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public String optional(String key) {
        return string(key, null);
    }

    public List<String> list(String key) {
        String value = string(key, "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** A whole number within the key's bounds in {@link SettingsCatalog}; {@code fallback} when not set. */
    public int integer(String key, int fallback) {
        return Math.toIntExact(longValue(key, fallback));
    }

    /** A whole number within the key's bounds in {@link SettingsCatalog}; {@code fallback} when not set. */
    public long longValue(String key, long fallback) {
        Bounds bounds = SettingsCatalog.wholeNumberBounds(key);
        String value = optional(key);
        if (value == null) {
            return fallback;
        }
        try {
            return bounds.check(key, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number between " + bounds.min() + " and " + bounds.max()
                    + ", is \"" + value + "\"");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String value = optional(key);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigException(key, "must be true or false, is \"" + value + "\"");
        }
        return Boolean.parseBoolean(value);
    }

    /** A duration within the key's bounds in {@link SettingsCatalog}; {@code fallback} when not set. */
    public Duration duration(String key, String fallback) {
        Bounds bounds = SettingsCatalog.durationBounds(key);
        String value = string(key, fallback);
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "must be a duration such as 30s, 10m, 24h or PT30M, is \"" + value + "\"");
        }
        return bounds.check(key, duration);
    }

    /**
     * A duration, or null when the setting is {@code word} (such as "keep" for "never delete"); unset is
     * {@code fallback}, which may be the word.
     */
    public Duration durationOr(String word, String key, String fallback) {
        return string(key, fallback).strip().equalsIgnoreCase(word) ? null : duration(key, fallback);
    }

    public ZoneId zone(String key, String fallback) {
        String value = string(key, fallback);
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new ConfigException(key, "unknown time zone \"" + value + "\" (use a name such as Asia/Shanghai)");
        }
    }

    /** A Quartz cron expression (seconds first). */
    public String cron(String key, String fallback) {
        String value = string(key, fallback);
        try {
            CronExpression.validateExpression(value);
        } catch (java.text.ParseException e) {
            throw new ConfigException(key, "invalid Quartz cron expression \"" + value + "\" (" + e.getMessage()
                    + "); the first field is seconds, e.g. \"0 0/30 * * * ?\"");
        }
        return value;
    }

    /** Comma-separated absolute http(s) URLs. */
    public List<URI> urls(String key) {
        List<URI> urls = new ArrayList<>();
        for (String item : list(key)) {
            urls.add(httpUrl(key, item));
        }
        return urls;
    }

    public static URI httpUrl(String key, String item) {
        try {
            URI uri = new URI(item);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ConfigException(key, "\"" + item + "\" is not an http(s) URL with a host");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "malformed URL \"" + item + "\": " + e.getReason());
        }
    }

    public Set<String> lowerCaseSet(String key, String fallback) {
        Set<String> set = new LinkedHashSet<>();
        for (String item : (values.containsKey(key) ? list(key) : List.of(fallback.split(",")))) {
            set.add(item.trim().toLowerCase(Locale.ROOT));
        }
        return set;
    }

    /** A folder the relay can write in, created when missing. */
    public Path writableDirectory(String key, String fallback) {
        Path dir = Path.of(string(key, fallback));
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key, "folder " + dir.toAbsolutePath() + " is not writable (" + e.getMessage()
                    + "); create it or point " + key + " elsewhere");
        }
    }
}
