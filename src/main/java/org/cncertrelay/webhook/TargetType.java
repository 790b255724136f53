package org.cncertrelay.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The chat tools a target can be, each with the message rate its service tolerates. */
public enum TargetType {
    GENERIC(60), SLACK(60), DISCORD(60),
    /** DingTalk throttles a robot for 10 minutes once it exceeds 20 messages a minute. */
    DINGTALK(20),
    FEISHU(60),
    /** WeCom group robots accept at most 20 messages a minute. */
    WECOM(20),
    TEAMS(60),
    /**
     * A record sink: a Camel route of the user's ({@code sinks}, {@code sink.N.route}), not a chat tool, so not
     * a {@code webhook.N.type}; not throttled beyond what the route itself does.
     */
    SINK(1_000_000);

    private final int defaultRatePerMinute;

    TargetType(int defaultRatePerMinute) {
        this.defaultRatePerMinute = defaultRatePerMinute;
    }

    public int defaultRatePerMinute() {
        return defaultRatePerMinute;
    }

    /** Whether requests to this type can be signed with {@code webhook.N.secret}. */
    public boolean signs() {
        return this == GENERIC || this == DINGTALK || this == FEISHU;
    }

    /** Whether this type's robots can require a custom keyword ({@code webhook.N.keyword}). */
    public boolean usesKeyword() {
        return this == DINGTALK || this == FEISHU;
    }

    /** The lower-case name used in {@code webhook.N.type}. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code webhook.N.type} value; {@code lark} is Feishu's international name and the same API. */
    static TargetType fromPropertyValue(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("lark")) {
            return FEISHU;
        }
        for (TargetType type : values()) {
            if (type != SINK && type.propertyValue().equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + value + "', expected one of "
                + Arrays.stream(values()).filter(type -> type != SINK).map(TargetType::propertyValue)
                        .collect(Collectors.joining(", ")) + ", lark");
    }
}
