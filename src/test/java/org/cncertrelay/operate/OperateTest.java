package org.cncertrelay.operate;

import static org.cncertrelay.testing.Waiting.awaitTrue;
import static org.cncertrelay.testing.Waiting.freePort;
import static org.cncertrelay.testing.Waiting.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as an operator runs it, in a JVM of its own: health and metrics on the loopback management port,
 * health DOWN with the reason when the source is silent or dead letters wait, a clean stop on SIGTERM.
 */
class OperateTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();
    private PageServer pages;
    private Receiver hook;

    @AfterEach
    void stop() {
        daemons.forEach(Process::destroyForcibly);
        if (pages != null) {
            pages.close();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @Test
    void healthTurnsDownWithTheReasonWhenNoPollSucceeds() throws Exception {
        int management = freePort();
        Map<String, String> settings = daemonSettings(management);
        settings.put("reports.urls", "http://127.0.0.1:" + freePort() + "/s?__biz=x&mid=1&idx=1"); // nobody listens
        settings.put("relay.health.max-silence", "3s");
        daemon(settings);

        String health = "http://127.0.0.1:" + management + "/observe/health";
        awaitTrue(Duration.ofSeconds(30), () -> status(health) > 0, "the management port answers");
        awaitTrue(Duration.ofSeconds(30), () -> status(health) == 503, "health turns DOWN");
        assertThat(get(health)).contains("DOWN").contains("no poll has succeeded");
        String metricsUrl = "http://127.0.0.1:" + management + "/observe/metrics";
        awaitTrue(Duration.ofSeconds(10), () -> get(metricsUrl).contains("relay_polls_total{outcome=\"failed\"}"),
                "a failed poll is counted");
        assertThat(get(metricsUrl)).contains("relay_pages_failed_total{reason=\"network\"}")
                .contains("relay_last_poll_success_age_seconds NaN");
    }

    @Test
    void deadLettersTurnHealthDownAndAreCounted() throws Exception {
        int management = freePort();
        hook = new Receiver((request, call) -> Receiver.Reply.of(400, "{\"error\":\"bad payload\"}"));
        Map<String, String> settings = daemonSettings(management);
        settings.put("reports.urls", servePages(Duration.ZERO, 1).get(0));
        settings.put("webhook.targets", "hook");
        settings.put("webhook.hook.type", "generic");
        settings.put("webhook.hook.url", hook.url("/hook"));
        settings.put("webhook.hook.secret", "s3cret-value");
        Path log = daemon(settings);

        String management0 = "http://127.0.0.1:" + management;
        awaitTrue(Duration.ofSeconds(30), () -> get(management0 + "/observe/metrics")
                .contains("relay_dead_letters_waiting 1.0"), "the refused message is dead-lettered");
        assertThat(status(management0 + "/observe/health")).isEqualTo(503);
        assertThat(get(management0 + "/observe/health")).contains("dead-letter");
        assertThat(get(management0 + "/observe/metrics"))
                .contains("relay_deliveries_total{outcome=\"dead_letter\",target=\"hook\"} 1.0")
                .contains("relay_records_ingested_total 1.0")
                .contains("relay_pages_fetched_total 1.0");
        assertThat(Files.readString(log)).doesNotContain("s3cret-value");
    }

    @Test
    void sigtermStopsAfterThePageInHandWithoutATornRow() throws Exception {
        Map<String, String> settings = daemonSettings(freePort());
        settings.put("reports.urls", String.join(",", servePages(Duration.ofMillis(400), 10)));
        Path log = daemon(settings);
        Path csv = dir.resolve("data").resolve("reports.csv");

        awaitTrue(Duration.ofSeconds(30), () -> rows(csv) >= 2, "a few rows written");
        Process daemon = daemons.get(0);
        daemon.destroy(); // SIGTERM
        assertThat(daemon.waitFor(15, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();

        String written = Files.readString(csv);
        assertThat(written).endsWith("\n");
        assertThat(rows(csv)).isBetween(2, 9);
        assertThat(Files.readString(log)).contains("stopped early: shutting down");
    }

    private Map<String, String> daemonSettings(int managementPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data-dir", dir.resolve("data").toString());
        settings.put("relay.management.port", Integer.toString(managementPort));
        settings.put("relay.shutdown-timeout", "5s");
        settings.put("reports.request-delay", "0s");
        settings.put("reports.allowed-hosts", "127.0.0.1");
        settings.put("reports.poll-cron", "0/1 * * * * ?");
        settings.put("reports.connect-timeout", "1s");
        settings.put("reports.retry.initial-delay", "1s");
        settings.put("reports.retry.max-delay", "1s");
        return settings;
    }

    private Path daemon(Map<String, String> settings) throws IOException {
        Path log = dir.resolve("daemon-" + daemons.size() + ".log");
        daemons.add(ChildRelay.start(settings, log));
        return log;
    }

    /** Serves {@code count} made-up issues (2024年第1期 ...), each answered after {@code delay}; returns their links. */
    private List<String> servePages(Duration delay, int count) throws IOException {
        pages = new PageServer();
        List<String> urls = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            Issue issue = Issue.madeUp(2024, number);
            pages.route(issue.mid(), PageServer.slow(delay, PageServer.html(issue.html())));
            urls.add(issue.url(pages.base()));
        }
        return urls;
    }

    private static int rows(Path csv) {
        try {
            return Files.exists(csv) ? (int) Files.readString(csv).lines().count() - 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}
