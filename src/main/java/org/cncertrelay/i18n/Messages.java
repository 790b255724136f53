package org.cncertrelay.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The human-facing text of one language, from the bundle {@code messages/relay[_en].properties}: every word a
 * reader sees in a digest, a chat message or a warning comes from here, so one message is in one language.
 * {@code zh-CN} is the default (the bulletin's own language); {@code en} is the other.
 */
public final class Messages {

    public static final String DEFAULT_LANGUAGE = "zh-CN";

    private static final Messages ZH = new Messages(Locale.ROOT);
    private static final Messages EN = new Messages(Locale.ENGLISH);

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // no fallback to the JVM's locale: a server's LANG must not change what subscribers read
        this.bundle = ResourceBundle.getBundle("messages.relay", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** @param language {@code zh-CN} or {@code en} (as {@code relay.language} and subscribers name it) */
    public static Messages of(String language) {
        return switch (language) {
            case "zh-CN", "zh" -> ZH;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("unknown language \"" + language + "\": zh-CN or en");
        };
    }

    public static Messages chinese() {
        return ZH;
    }

    public static Messages english() {
        return EN;
    }

    /** The language tag: {@code zh-CN} or {@code en}. */
    public String language() {
        return locale.equals(Locale.ROOT) ? DEFAULT_LANGUAGE : locale.toLanguageTag();
    }

    /**
     * The text for {@code key}, its {@code {0}}, {@code {1}} … filled with {@code arguments}. Whole numbers are
     * written as plain digits (a year is 2024, never 2,024); a pattern writes a quote as two ({@code ''}).
     */
    public String get(String key, Object... arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text \"" + key + "\" in the " + language() + " messages", e);
        }
        if (arguments.length == 0) {
            return pattern;
        }
        Object[] plain = arguments.clone();
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] instanceof Integer || plain[i] instanceof Long) {
                plain[i] = plain[i].toString();
            }
        }
        return new MessageFormat(pattern, locale.equals(Locale.ROOT) ? Locale.CHINA : locale).format(plain);
    }
}
