package org.cncertrelay.cluster;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances on one PostgreSQL, as an operator watches them: the standbys are UP while one instance polls
 * (the source's silence is the cluster's), and when the database goes away every instance is DOWN with the
 * reason, its probe still answered at once, live UP; then UP again. The outage is a WARN and an INFO line, not a
 * flood of stack traces.
 */
class ClusterHealthTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final List<Process> instances = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : instances) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void standbysAreUpWhileOnePollsAndEveryInstanceIsDownWhileTheDatabaseIsGone() throws Exception {
        LocalPostgres postgres = LocalPostgres.get();
        String database = postgres.newDatabase();
        String name = database.substring(database.lastIndexOf('/') + 1);
        try (PageServer pages = new PageServer(); TcpProxy proxy = new TcpProxy(postgres.port())) {
            String page = pages.serve(Issue.I39);
            List<String> health = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                health.add("http://127.0.0.1:" + port + "/observe/health");
                Map<String, String> settings = new HashMap<>();
                settings.put("relay.store", "postgres");
                settings.put("relay.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + name);
                settings.put("relay.jdbc.user", "postgres");
                settings.put("relay.jdbc.connect-timeout", "2s");
                settings.put("relay.data-dir", dir.resolve("instance-" + i).toString());
                settings.put("reports.urls", page);
                settings.put("reports.request-delay", "0s");
                settings.put("reports.allowed-hosts", "127.0.0.1");
                settings.put("reports.poll-cron", "0/2 * * * * ?");
                settings.put("relay.cluster.checkin-interval", "1s");
                settings.put("relay.health.max-silence", "20s");
                settings.put("relay.management.port", Integer.toString(port));
                instances.add(ChildRelay.start(settings, dir.resolve("instance-" + i + ".log")));
            }

            // polls run on whichever instance Quartz picks; every instance judges the cluster's last poll
            awaitTrue(Duration.ofSeconds(90), () -> health.stream().allMatch(url -> status(url) == 200),
                    "all three instances UP");
            Thread.sleep(25_000); // longer than max-silence: a standby that judged only its own polls turns DOWN
            for (String url : health) {
                assertThat(status(url)).as("%s while another instance polls: %s", url, body(url)).isEqualTo(200);
            }

            proxy.cut();
            awaitTrue(Duration.ofSeconds(30), () -> health.stream().allMatch(url -> status(url) == 503),
                    "every instance DOWN while the database is gone");
            for (String url : health) {
                long started = System.nanoTime();
                String answer = body(url);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the probe answers at once")
                        .isLessThan(Duration.ofSeconds(1));
                assertThat(answer).contains("database unreachable since");
                assertThat(status(url + "/live")).isEqualTo(200);
                assertThat(status(url + "/ready")).isEqualTo(503);
            }
            Thread.sleep(10_000); // polls fire meanwhile

            proxy.restore();
            awaitTrue(Duration.ofSeconds(60), () -> health.stream().allMatch(url -> status(url) == 200),
                    "every instance UP again");
        }
        Path kept = Files.createDirectories(Path.of("target", "cluster-health-logs"));
        for (int i = 0; i < 3; i++) {
            Path logFile = dir.resolve("instance-" + i + ".log");
            // kept for a person to read what an operator would see
            Files.copy(logFile, kept.resolve(logFile.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String log = Files.readString(logFile);
            assertThat(log.lines().filter(line -> line.contains("The database is unreachable"))).hasSize(1);
            assertThat(log.lines().filter(line -> line.contains("The database answers again"))).hasSize(1);
            assertThat(log.lines().filter(line -> line.startsWith("\tat ")).count())
                    .as("stack-trace lines in instance %d's log", i).isLessThan(60);
        }
    }

    private static String body(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
