package org.cncertrelay.webhook;

import java.net.URI;
import java.util.Objects;
import org.cncertrelay.config.Redaction;
import org.cncertrelay.i18n.Messages;

/**
 * One configured chat destination ({@code webhook.N.*}).
 *
 * @param secret  signing secret, or null to send unsigned
 * @param keyword DingTalk/Feishu custom keyword the robot requires in every message, or null
 */
public record WebhookTarget(String name, TargetType type, URI url, String secret, String keyword, int ratePerMinute,
        Messages messages) {

    /** A target whose messages are in Chinese, the default language. */
    public WebhookTarget(String name, TargetType type, URI url, String secret, String keyword, int ratePerMinute) {
        this(name, type, url, secret, keyword, ratePerMinute, Messages.chinese());
    }

    public WebhookTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(messages, "messages");
        if (ratePerMinute <= 0) {
            throw new IllegalArgumentException("ratePerMinute must be positive");
        }
    }

    /** Never shows the secret or the token-bearing part of the URL, so a target can be logged as is. */
    @Override
    public String toString() {
        return "WebhookTarget[name=" + name + ", type=" + type.propertyValue() + ", url=" + Redaction.url(url)
                + ", secret=" + Redaction.secret(secret) + ", keyword=" + keyword
                + ", ratePerMinute=" + ratePerMinute + ", language=" + messages.language() + "]";
    }
}
