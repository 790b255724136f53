package org.cncertrelay.webhook;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;

/** Reports and settings the webhook tests share. */
final class Fixtures {

    private Fixtures() {
    }

    static Report report(int issue, Integer incidentsTotal) {
        return report(issue, incidentsTotal, List.of());
    }

    static Report report(int issue, Integer incidentsTotal, List<String> warnings) {
        LocalDate start = LocalDate.of(2024, 1, 1).plusWeeks(issue - 1);
        return new Report(2024, issue, start, start.plusDays(6), start.plusDays(9), Rating.GOOD,
                incidentsTotal, 12, 55, null, 1024,
                "网络安全信息与动态周报2024年第" + issue + "期",
                "https://www.cert.org.cn/publish/main/" + issue + ".html", "CNCERT",
                List.of("https://www.cert.org.cn/chart" + issue + ".png"), warnings);
    }

    /**
     * Settings for one target with fast retries (50 ms doubling to 200 ms, 3 attempts) and a high rate, so tests
     * finish quickly; {@code extra} overrides or adds {@code webhook.*} properties.
     */
    static WebhookSettings settings(String name, String type, String url, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>();
        properties.put("webhook.targets", name);
        properties.put("webhook." + name + ".type", type);
        properties.put("webhook." + name + ".url", url);
        properties.put("webhook." + name + ".rate-per-minute", "6000");
        properties.put("webhook.retry.initial-delay", "50ms");
        properties.put("webhook.retry.max-delay", "200ms");
        properties.put("webhook.retry.max-attempts", "3");
        properties.put("webhook.timeout", "2s");
        properties.putAll(extra);
        return WebhookSettings.fromProperties(properties);
    }
}
