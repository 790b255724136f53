package org.cncertrelay.config;

/**
 * A setting that cannot be used; the message is "key: problem". An IllegalArgumentException, as a bad value passed
 * to the settings parsers of the sinks (webhook, digest) is one.
 */
public class ConfigException extends IllegalArgumentException {

    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
