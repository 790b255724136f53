package org.cncertrelay.webhook;

import java.net.URI;

/**
 * Webhook URLs are credentials: Slack, Discord and Feishu carry the token in the path, DingTalk, WeCom and Teams
 * in the query (access_token, key, sig), DingTalk adds its sign there too. Only scheme, host and port are safe to show.
 */
final class Redaction {

    static final String MASK = "***";

    private Redaction() {
    }

    static String url(URI url) {
        String authority = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        return url.getScheme() + "://" + authority + "/" + MASK;
    }

    static String secret(String secret) {
        return secret == null ? "none" : MASK;
    }

    /** {@code text} with the URL's path and query masked wherever they appear (exception messages may quote them). */
    static String scrub(String text, URI url) {
        String scrubbed = text;
        for (String secretPart : new String[] {url.getRawQuery(), url.getRawPath()}) {
            if (secretPart != null && secretPart.length() > 1) {
                scrubbed = scrubbed.replace(secretPart, MASK);
            }
        }
        return scrubbed;
    }
}
