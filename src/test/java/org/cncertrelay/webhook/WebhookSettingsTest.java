package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    @Test
    void defaultsApplyPerType() {
        Properties properties = new Properties();
        properties.setProperty("webhook.targets", "ding, hook");
        properties.setProperty("webhook.ding.type", "dingtalk");
        properties.setProperty("webhook.ding.url", "https://oapi.dingtalk.com/robot/send?access_token=t0ken");
        properties.setProperty("webhook.ding.secret", "SECsecret");
        properties.setProperty("webhook.hook.type", "generic");
        properties.setProperty("webhook.hook.url", "https://example.org/hook");

        WebhookSettings settings = WebhookSettings.fromProperties(properties);

        assertThat(settings.targets()).extracting(WebhookTarget::name).containsExactly("ding", "hook", "csv");
        assertThat(settings.targets()).extracting(WebhookTarget::ratePerMinute).containsExactly(20, 60, 1_000_000);
        assertThat(settings.targets().get(1).secret()).isNull();
        assertThat(settings.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void noTargetsMeansWebhooksAreOffAndTheCsvIsTheOneSink() {
        WebhookSettings settings = WebhookSettings.fromProperties(Map.of());
        assertThat(settings.targets()).isEqualTo(settings.sinks());
        assertThat(settings.sinks()).singleElement().satisfies(csv -> {
            assertThat(csv.name()).isEqualTo(WebhookSettings.CSV_SINK);
            assertThat(csv.url()).hasToString("relay-sink:sink-csv");
        });
        assertThat(settings.userSinks()).isEmpty();
    }

    @Test
    void theCsvIsRetriedUntilDoneAndTheUsersSinksAsConfigured() {
        WebhookSettings settings = WebhookSettings.fromProperties(Map.of("sinks", "feed",
                "webhook.retry.max-attempts", "3"));
        WebhookTarget csv = settings.sinks().get(0);
        WebhookTarget feed = settings.sinks().get(1);

        assertThat(csv.name()).isEqualTo("csv");
        assertThat(settings.retryFor(csv).maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(settings.retryFor(csv).initialDelay()).isEqualTo(settings.retry().initialDelay());
        assertThat(settings.retryFor(feed)).isEqualTo(settings.retry());
        assertThat(settings.retry().maxAttempts()).isEqualTo(3);
        assertThat(settings.userSinks()).containsExactly(feed);
    }

    @Test
    void retrySettingsAcceptUnitsAndIso() {
        WebhookSettings settings = WebhookSettings.fromProperties(Map.of(
                "webhook.retry.initial-delay", "500ms", "webhook.retry.max-delay", "PT2M",
                "webhook.retry.max-attempts", "4", "webhook.timeout", "30"));

        assertThat(settings.retry()).isEqualTo(new RetryPolicy(Duration.ofMillis(500), Duration.ofMinutes(2), 4, 1));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retry().delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.retry().delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.retry().delayAfter(20)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void errorsNameTheOffendingKey() {
        assertRejected(Map.of("webhook.x.type", "icq", "webhook.x.url", "https://h/"), "webhook.x.type");
        assertRejected(Map.of("webhook.x.type", "slack"), "webhook.x.url");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "hooks.slack.com/services/x"), "webhook.x.url");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "https://h/ bad"), "webhook.x.url");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "https://h/",
                "webhook.x.rate-per-minute", "0"), "webhook.x.rate-per-minute");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "https://h/",
                "webhook.retry.initial-delay", "soon"), "webhook.retry.initial-delay");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "https://h/",
                "webhook.retry.max-attempts", "-1"), "webhook.retry.max-attempts");
        assertRejected(Map.of("webhook.targets", "a.b"), "webhook.targets");
        assertRejected(Map.of("webhook.x.type", "slack", "webhook.x.url", "https://h/", "webhook.x.secret", "s"),
                "webhook.x.secret");
        assertRejected(Map.of("webhook.x.type", "dingtalk", "webhook.x.url", "https://h/", "webhook.x.secret", "tok"),
                "webhook.x.secret");
        assertRejected(Map.of("webhook.x.type", "teams", "webhook.x.url", "https://h/", "webhook.x.keyword", "k"),
                "webhook.x.keyword");
    }

    @Test
    void toStringMasksSecretAndToken() {
        WebhookSettings settings = WebhookSettings.fromProperties(Map.of("webhook.targets", "ding",
                "webhook.ding.type", "dingtalk",
                "webhook.ding.url", "https://oapi.dingtalk.com/robot/send?access_token=t0ken",
                "webhook.ding.secret", "SECsecret"));

        assertThat(settings.toString()).contains("https://oapi.dingtalk.com/***")
                .doesNotContain("t0ken").doesNotContain("SECsecret");
    }

    private static void assertRejected(Map<String, String> target, String key) {
        Map<String, String> properties = new HashMap<>(target);
        properties.putIfAbsent("webhook.targets", "x");
        assertThatThrownBy(() -> WebhookSettings.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key);
    }
}
