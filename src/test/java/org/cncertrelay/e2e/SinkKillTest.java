package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.sink.FlakySink;
import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user sink route ({@code sinks}, {@code sink.N.route}, a YAML file in {@code relay.sinks-dir}) that refuses its
 * first attempts, in a daemon killed (SIGKILL) while it delivers: after a restart every announced issue reached
 * the sink, each once, except at most one resent with the same delivery id (the crash window README states);
 * a sink that never takes a record dead-letters it, and {@code --replay-dead-letters} sends it as {@code replayed}.
 * Both stores.
 */
class SinkKillTest {

    private static final int CATCH_UP = 10;

    @TempDir
    Path data;

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"file", "postgres"})
    void killedWhileDeliveringToAFlakySinkThenEveryIssueReachesItOnce(String store) throws Exception {
        Path flaky = Files.createDirectories(work.resolve("flaky"));
        try (PageServer pages = new PageServer()) {
            List<Issue> issues = issues();
            Relay relay = onStore(relayWithFlakySink(flaky, 2), store);
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues.subList(0, 1))));
            // the issue before the catch-up: not announced, but a record, so the sink gets it like the CSV
            assertThat(relay.run("--backfill")).isZero();

            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues)));
            Path log = work.resolve("daemon.log");
            Process daemon = ChildRelay.start(relay.settings(), log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received(flaky).size() < 3) {
                    assertThat(daemon.isAlive()).as(Files.readString(log, StandardCharsets.UTF_8)).isTrue();
                    assertThat(System.nanoTime()).as("the sink gets records within 60 s").isLessThan(deadline);
                    Thread.sleep(2);
                }
            } finally {
                daemon.destroyForcibly();
                assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(received(flaky).size()).as("killed mid-delivery").isLessThan(CATCH_UP);

            Relay.Run restart = relay.once();
            assertThat(restart.exitCode()).as(restart.output()).isZero();
            List<String> expected = issues.stream()
                    .map(issue -> issue.year() + "-" + issue.number() + ".flaky published").toList();
            if (store.equals("postgres") && !new HashSet<>(received(flaky)).containsAll(expected)) {
                // the delivery the killed instance had claimed stays its own until the 30 s lease lapses (README:
                // taken over within webhook.timeout + 30 s); the next run after that sends it
                Thread.sleep(32_000);
                restart = relay.once();
                assertThat(restart.exitCode()).as(restart.output()).isZero();
            }
            List<String> received = received(flaky);
            assertThat(new HashSet<>(received)).as("every recorded issue reached the sink, no other")
                    .containsExactlyInAnyOrderElementsOf(expected);
            // the delivery the kill interrupted after the sink took it may come again, with the same id; no more
            assertThat(received.size()).isLessThanOrEqualTo(expected.size() + 1);
            assertThat(restart.output()).doesNotContain("Dead-lettered");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "postgres"})
    void aSinkThatNeverTakesARecordDeadLettersItAndAReplaySaysReplayed(String store) throws Exception {
        Path flaky = Files.createDirectories(work.resolve("flaky"));
        try (PageServer pages = new PageServer()) {
            List<Issue> issues = issues().subList(0, 2);
            Relay relay = onStore(relayWithFlakySink(flaky, 3), store);
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues.subList(0, 1))));
            Relay.Run backfill = relay.runCapturing("--backfill");
            assertThat(backfill.exitCode()).as(backfill.output()).isZero();
            assertThat(backfill.output()).contains("Dead-lettered 2023年第1期 for flaky after 3 attempt(s)");
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues)));
            Relay.Run first = relay.once();
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("Dead-lettered 2023年第2期 for flaky after 3 attempt(s)");
            assertThat(received(flaky)).isEmpty();

            Relay.Run replay = relay.runCapturing("--replay-dead-letters");
            assertThat(replay.exitCode()).as(replay.output()).isZero();
            assertThat(received(flaky)).containsExactlyInAnyOrder("2023-1.flaky replayed", "2023-2.flaky replayed");
        }
    }

    @Test
    void aSinkWhoseRouteIsNotLoadedStopsTheStart() throws Exception {
        Relay relay = new Relay(data).set("relay.management.enabled", "false")
                .set("relay.sinks-dir", Files.createDirectories(work.resolve("sinks")).toString())
                .set("sinks", "kafka");
        Relay.Run run = relay.once();
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception");
        String lastLine = run.err().strip().lines().reduce((first, second) -> second).orElseThrow();
        assertThat(lastLine).isEqualTo("cncert-relay: configuration error: sink.kafka.route: no route with"
                + " id \"sink-kafka\" is loaded; put a *.camel.yaml file with it in relay.sinks-dir (default"
                + " routes/sinks)");
    }

    private Relay relayWithFlakySink(Path flaky, int failures) throws Exception {
        return FlakySink.wiredInto(new Relay(data), "flaky", work.resolve("sinks"), flaky, failures)
                .set("relay.management.enabled", "false")
                .set("webhook.retry.initial-delay", "10ms").set("webhook.retry.max-delay", "20ms");
    }

    private static Relay onStore(Relay relay, String store) {
        return store.equals("file") ? relay : relay.set("relay.store", "postgres")
                .set("relay.jdbc.url", LocalPostgres.get().newDatabase()).set("relay.jdbc.user", "postgres")
                // a clustered daemon polls on the schedule only
                .set("reports.poll-cron", "0/2 * * * * ?");
    }

    private static List<String> received(Path flaky) throws Exception {
        Path file = flaky.resolve("received");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static List<Issue> issues() {
        List<Issue> issues = new ArrayList<>();
        for (int number = 1; number <= CATCH_UP + 1; number++) {
            issues.add(Issue.madeUp(2023, number));
        }
        return issues;
    }

    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
