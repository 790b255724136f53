package org.cncertrelay.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Waiting.awaitTrue;
import static org.cncertrelay.testing.Waiting.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.testing.Waiting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --subscribe}, {@code --unsubscribe} and {@code --subscribers} beside a real daemon that holds the data
 * dir and serves the unsubscribe page: the commands do not wait for it, and both see each other's changes.
 */
class SubscriberCommandsTest {

    private static final String SECRET = "a-secret-for-the-daemon-test";

    @TempDir
    Path dir;
    private Process daemon;

    @AfterEach
    void stopDaemon() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void commandsChangeTheListWhileTheDaemonRunsAndItsPageSeesThem() throws Exception {
        Path data = dir.resolve("data");
        int pagePort = Waiting.freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data-dir", data.toString());
        settings.put("relay.management.port", Integer.toString(Waiting.freePort()));
        settings.put("relay.shutdown-timeout", "5s");
        settings.put("digest.unsubscribe-url", "https://relay.example.org/unsubscribe");
        settings.put("digest.unsubscribe-secret", SECRET);
        settings.put("digest.public.port", Integer.toString(pagePort));
        Path log = dir.resolve("daemon.log");
        daemon = ChildRelay.start(settings, log);
        String page = "http://127.0.0.1:" + pagePort + "/unsubscribe";
        awaitTrue(Duration.ofSeconds(60), () -> status(page) == 400, "the daemon's unsubscribe page");
        assertThat(Files.readString(data.resolve(".lock")).trim()).isEqualTo(Long.toString(daemon.pid()));

        Relay cli = new Relay(data);
        Relay.Run subscribed = cli.runCapturing("--subscribe", "Carol <Carol@Example.org>", "--language", "en");
        assertThat(subscribed.exitCode()).as(subscribed.output()).isZero();
        assertThat(subscribed.out()).contains("subscribed Carol <carol@example.org> (en)");
        assertThat(cli.runCapturing("--subscribe", "dave@example.org").exitCode()).isZero();

        // the daemon's page knows Carol, in her language, and takes her one-click request
        String token = new UnsubscribeTokens(SECRET, "cncert-digest.localhost",
                URI.create("https://relay.example.org/unsubscribe")).token("carol@example.org");
        HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(page + "?token=" + token)).POST(HttpRequest.BodyPublishers.ofString(
                        "List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("carol@example.org is unsubscribed");

        assertThat(cli.runCapturing("--unsubscribe", "dave@example.org").out()).contains("unsubscribed dave@example.org");
        assertThat(cli.runCapturing("--unsubscribe", "carol@example.org").out())
                .contains("carol@example.org was not subscribed; nothing changed");
        Relay.Run listed = cli.runCapturing("--subscribers");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().toList()).hasSize(3)
                .anyMatch(line -> line.matches("carol@example\\.org\tCarol\ten\tunsubscribed\tone-click\t.+"))
                .anyMatch(line -> line.matches("dave@example\\.org\t\tzh-CN\tunsubscribed\tcli\t.+"));
        assertThat(daemon.isAlive()).as(Files.readString(log)).isTrue();

        Relay.Run badLanguage = cli.runCapturing("--subscribe", "erin@example.org", "--language", "fr");
        assertThat(badLanguage.exitCode()).isEqualTo(2);
        assertThat(badLanguage.err()).contains("unknown language \"fr\"");
    }
}
