package org.cncertrelay.config;

import java.net.URI;

/**
 * How secrets are shown in logs and dumps. Webhook URLs are credentials: Slack, Discord and Feishu carry the token
 * in the path, DingTalk, WeCom and Teams in the query (access_token, key, sig), DingTalk adds its sign there too; a
 * JDBC URL may carry a password. Only scheme, host and port are safe to show.
 */
public final class Redaction {

    public static final String MASK = "****";

    private Redaction() {
    }

    /** A URL as text (a JDBC URL too) with everything after its host masked; all of it when unreadable. */
    public static String url(String url) {
        try {
            return url(URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url));
        } catch (IllegalArgumentException e) {
            return MASK;
        }
    }

    public static String url(URI url) {
        String authority = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        return url.getScheme() + "://" + authority + "/" + MASK;
    }

    public static String secret(String secret) {
        return secret == null ? "none" : MASK;
    }

    /** {@code text} with the URL's path and query masked wherever they appear (exception messages may quote them). */
    public static String scrub(String text, URI url) {
        String scrubbed = text;
        for (String secretPart : new String[] {url.getRawQuery(), url.getRawPath()}) {
            if (secretPart != null && secretPart.length() > 1) {
                scrubbed = scrubbed.replace(secretPart, MASK);
            }
        }
        return scrubbed;
    }
}
