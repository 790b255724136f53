package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the moment a catch-up poll logs {@code Announcing [...]}, the point where decided announcements used to
 * be lost: after a restart every issue reaches every target, once (a resend carries the same delivery id, the
 * crash window README states). Both stores.
 */
class AnnouncementKillTest {

    private static final int CATCH_UP = 12;

    @TempDir
    Path data;

    @TempDir
    Path logs;

    @Test
    void fileStore() throws Exception {
        killedWhileAnnouncingThenEveryIssueReachesEveryTarget(new Relay(data));
    }

    @Test
    void postgresStore() throws Exception {
        killedWhileAnnouncingThenEveryIssueReachesEveryTarget(new Relay(data).set("relay.store", "postgres")
                .set("relay.jdbc.url", LocalPostgres.get().newDatabase()).set("relay.jdbc.user", "postgres")
                // a clustered daemon polls on the schedule only
                .set("reports.poll-cron", "0/2 * * * * ?"));
    }

    private void killedWhileAnnouncingThenEveryIssueReachesEveryTarget(Relay relay) throws Exception {
        try (PageServer pages = new PageServer();
             Receiver generic = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
             Receiver slack = new Receiver((request, call) -> Receiver.Reply.of(200, "ok"))) {
            List<Issue> issues = new ArrayList<>();
            for (int number = 1; number <= CATCH_UP + 1; number++) {
                issues.add(Issue.madeUp(2023, number));
            }
            relay.target("hook", "generic", generic.url("/hook")).target("team", "slack", slack.url("/s/T/B/x"))
                    .set("relay.management.enabled", "false");
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues.subList(0, 1))));
            assertThat(relay.run("--backfill")).isZero(); // the issue before the catch-up, not announced

            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues)));
            Path log = logs.resolve("daemon.log");
            Process daemon = ChildRelay.start(relay.settings(), log);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log, StandardCharsets.UTF_8).contains("Announcing [")) {
                    assertThat(daemon.isAlive()).as("the daemon announces").isTrue();
                    assertThat(System.nanoTime()).as("the daemon announces within 60 s").isLessThan(deadline);
                    Thread.sleep(2);
                }
            } finally {
                daemon.destroyForcibly();
                assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }

            Relay.Run restart = relay.once();
            assertThat(restart.exitCode()).as(restart.output()).isZero();

            List<Integer> expected = issues.subList(1, issues.size()).stream().map(Issue::number).toList();
            List<Integer> received = generic.requests().stream()
                    .map(request -> request.json().path("report").path("issue").asInt()).toList();
            assertThat(received).as("every announced issue reached the generic target")
                    .containsAll(expected).allMatch(expected::contains);
            // a message whose delivery the kill interrupted may come twice, with the same delivery id; no more
            assertThat(received.size()).isLessThanOrEqualTo(expected.size() + 1);
            assertThat(slack.requests().size()).isBetween(expected.size(), expected.size() + 1);
        }
    }

    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
