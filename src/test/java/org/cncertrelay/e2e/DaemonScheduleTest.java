package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.Fixtures;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.testing.ChildRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as deployed (a child JVM, no --once), polling on reports.poll-cron: a page that showed the
 * verification page is fetched again by a scheduled poll once its backoff has passed, not before; a parsed page is
 * never fetched again however often the daemon polls.
 */
class DaemonScheduleTest {

    private static final Duration BACKOFF = Duration.ofSeconds(3);

    @TempDir
    Path data;

    @TempDir
    Path logs;

    @Test
    void scheduledPollsRetryAVerificationPageAfterItsBackoffAndNeverRefetchAParsedPage() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            server.page(I29.mid(), I29.htmlLinkingTo(base));
            server.route(I39.mid(), PageServer.firstThen(1,
                    PageServer.html(Fixtures.page("page-waf")),
                    PageServer.html(I39.htmlLinkingTo(base))));
            Relay settings = new Relay(data).urls(I39.url(base), I29.url(base))
                    .set("reports.poll-cron", "* * * * * ?")
                    .set("reports.retry.initial-delay", BACKOFF.toSeconds() + "s");

            Path log = logs.resolve("daemon.log");
            Process daemon = ChildRelay.start(settings.settings(), log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (Relay.keys(data).size() < 2 && System.nanoTime() < deadline && daemon.isAlive()) {
                    Thread.sleep(50);
                }
                // a few more scheduled polls with nothing left to fetch
                Thread.sleep(2_500);
            } finally {
                daemon.destroy();
                if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(Relay.keys(data)).as(output).containsExactly("2024/29", "2024/39");
            List<Instant> tries = server.hitTimes(I39.mid());
            assertThat(tries).as(output).hasSize(2);
            assertThat(Duration.between(tries.get(0), tries.get(1))).as("time between the two requests")
                    .isGreaterThanOrEqualTo(BACKOFF);
            assertThat(server.hits(I29.mid())).isEqualTo(1);
            assertThat(output.lines().filter(line -> line.contains("Poll started")).count())
                    .as("polls").isGreaterThanOrEqualTo(4);
            assertThat(output.lines()).noneMatch(line -> line.startsWith("\tat "));
        }
    }
}
