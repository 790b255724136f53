package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether an issue is news does not depend on when a transient failure happened: an issue of a catch-up whose
 * page failed for now is announced when a later poll reads it, though a newer issue was announced meanwhile.
 */
class MissedNewsTest {

    @TempDir
    Path dir;

    @Test
    void fileStore() throws Exception {
        aPageThatFailedForNowIsStillNewsWhenItsRetryReadsIt(new Relay(dir.resolve("data")));
    }

    @Test
    void postgresStore() throws Exception {
        aPageThatFailedForNowIsStillNewsWhenItsRetryReadsIt(new Relay(dir.resolve("data"))
                .set("relay.store", "postgres")
                .set("relay.jdbc.url", LocalPostgres.get().newDatabase())
                .set("relay.jdbc.user", "postgres")
                .set("relay.management.enabled", "false"));
    }

    private void aPageThatFailedForNowIsStillNewsWhenItsRetryReadsIt(Relay relay) throws Exception {
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            relay.target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.retry.initial-delay", "1s");
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, List.of(Issue.I29))));
            assertThat(relay.run("--once")).isZero();
            assertThat(slack.requests()).hasSize(1); // a first start announces the newest

            // a catch-up: 第39期's page fails for now, 第45期 is read and announced
            pages.serveFeed("/feed.xml", feed(pages, List.of(Issue.I45, Issue.I39, Issue.I29)));
            pages.route(Issue.I39.mid(), PageServer.firstThen(1, PageServer.status(503),
                    PageServer.html(Issue.I39.html())));
            assertThat(relay.run("--once")).isZero();
            assertThat(relay.keys()).containsExactly("2024/29", "2024/45");
            assertThat(slack.requests()).hasSize(2);
            assertThat(slack.requests().get(1).bodyText()).contains("2024年第45期");

            Thread.sleep(1100); // the retry is due
            assertThat(relay.run("--once")).isZero();
            assertThat(relay.keys()).containsExactlyInAnyOrder("2024/29", "2024/39", "2024/45");
            assertThat(slack.requests()).hasSize(3);
            assertThat(slack.requests().get(2).bodyText()).contains("2024年第39期");

            // nothing missed any more: an issue older than those announced is history again
            pages.serveFeed("/feed.xml", feed(pages, List.of(Issue.I45, Issue.I39, Issue.I29, Issue.I17)));
            assertThat(relay.run("--once")).isZero();
            assertThat(relay.keys()).contains("2024/17");
            assertThat(slack.requests()).hasSize(3);
        }
    }

    /** An RSS feed of link-only items, newest first. */
    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
