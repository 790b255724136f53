package org.cncertrelay.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;

/** Reports (with the counts and links the webhook tests check) and settings the webhook tests share. */
final class Fixtures {

    private Fixtures() {
    }

    static Report report(int issue, Integer incidentsTotal) {
        return report(issue, incidentsTotal, List.of());
    }

    static Report report(int issue, Integer incidentsTotal, List<String> warnings) {
        return Reports.issue(issue, incidentsTotal).counts(12, 55, null, 1024)
                .url("https://www.cert.org.cn/publish/main/" + issue + ".html").account("CNCERT")
                .charts(List.of("https://www.cert.org.cn/chart" + issue + ".png")).warnings(warnings).build();
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
