package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History is recorded but never floods chat: backfill, archives, recall links and a first start. */
class BackfillTest {

    @TempDir
    Path dir;

    @Test
    void backfillAnnouncesNothingAndTheNextNewIssueIsAnnounced() throws Exception {
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            Relay relay = new Relay(dir.resolve("data")).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.urls", pages.serve(Issue.I39));

            assertThat(relay.run("--backfill")).isZero();
            assertThat(relay.keys()).containsExactly("2024/39");
            assertThat(slack.requests()).isEmpty();

            // a plain run later does not announce what the backfill recorded
            assertThat(relay.run("--once")).isZero();
            assertThat(slack.requests()).isEmpty();

            relay.set("reports.urls", pages.serve(Issue.I39) + "," + pages.serve(Issue.I45));
            assertThat(relay.run("--once")).isZero();

            assertThat(relay.keys()).containsExactly("2024/39", "2024/45");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第45期", "345（较第39期（中间缺5期）-54%）")
                    .doesNotContain("2024年第39期（");
        }
    }

    @Test
    void issuesFromAnArchiveOrRecallLinksAreRecordedButNotAnnounced() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("issue-29.md"), Issue.I29.snapshot());
        Files.writeString(archive.resolve("issue-17.html"), Issue.I17.html());
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            // issue 39's 近期回顾 links lead to this server; of them only issue 38 is served (37..34 answer 404)
            pages.serve(Issue.I38);
            Relay relay = new Relay(dir.resolve("data")).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.archive-dir", archive.toString())
                    .set("reports.follow-depth", "5")
                    .set("reports.urls", pages.serve(Issue.I39, Issue.I39.htmlLinkingTo(pages.base())));

            assertThat(relay.run("--once")).isZero();

            assertThat(pages.requests()).anyMatch(path -> path.contains("mid=" + Issue.I38.mid()));
            assertThat(relay.keys()).containsExactlyInAnyOrder("2024/17", "2024/29", "2024/38", "2024/39");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第39期", "742（较第38期 +319%）");

            assertThat(relay.run("--once")).isZero();
            assertThat(slack.requests()).hasSize(1);
        }
    }

    @Test
    void aFirstStartWithAFeedOfSeveralIssuesAnnouncesOnlyTheNewestThenEachNewerOne() throws Exception {
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            List<Issue> history = List.of(Issue.I39, Issue.I29, Issue.I17, Issue.I9);
            Relay relay = new Relay(dir.resolve("data")).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, history)));

            assertThat(relay.run("--once")).isZero();

            assertThat(relay.keys()).containsExactlyInAnyOrder("2024/9", "2024/17", "2024/29", "2024/39");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第39期").doesNotContain("2024年第29期（");

            pages.serveFeed("/feed.xml", feed(pages, List.of(Issue.I45, Issue.I39, Issue.I29, Issue.I17)));
            assertThat(relay.run("--once")).isZero();

            assertThat(relay.keys()).hasSize(5).contains("2024/45");
            assertThat(slack.requests()).hasSize(2);
            assertThat(slack.requests().get(1).bodyText()).contains("2024年第45期", "345（较第39期（中间缺5期）-54%）");
        }
    }

    /** An RSS feed of link-only items, newest first, as a summary feed of the account would list them. */
    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
