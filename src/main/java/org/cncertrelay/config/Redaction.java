package org.cncertrelay.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How secrets are shown in logs and dumps. Webhook URLs are credentials: Slack, Discord and Feishu carry the token
 * in the path, DingTalk, WeCom and Teams in the query (access_token, key, sig), DingTalk adds its sign there too; a
 * JDBC URL may carry a password. Only scheme, host and port are safe to show. Page and feed URLs are shown, as they
 * say which page failed, but without the credentials one may carry: a user and password, or a query parameter
 * named like a secret (token, key, secret, password, sig/sign, auth, session, ticket).
 */
public final class Redaction {

    public static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/?#@\\s,]+@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;][^=&#;?\\s,]*(?:token|key|secret|pass|pwd|sig|auth|credential|session|ticket)[^=&#;\\s,]*=)"
                    + "[^&#;\\s,]+");

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

    /**
     * {@code text} with every URL in it (a list of them too) shown without credentials:
     * {@code https://u:p@feeds.example/rss?token=t&page=2} becomes {@code https://****@feeds.example/rss?token=****&page=2}.
     */
    public static String withoutCredentials(String text) {
        String masked = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
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
