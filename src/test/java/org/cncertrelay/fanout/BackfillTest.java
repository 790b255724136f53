package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            Relay relay = new Relay(dir).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.urls", pages.serve(Issue.NO_39));

            assertThat(relay.run("--backfill")).isZero();
            assertThat(relay.csvIssues()).containsExactly("2024/39");
            assertThat(slack.requests()).isEmpty();

            // a plain run later does not announce what the backfill recorded
            assertThat(relay.run("--once")).isZero();
            assertThat(slack.requests()).isEmpty();

            relay.set("reports.urls", pages.serve(Issue.NO_39) + "," + pages.serve(Issue.NO_45));
            assertThat(relay.run("--once")).isZero();

            assertThat(relay.csvIssues()).containsExactly("2024/39", "2024/45");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第45期", "345 (-54% vs 第39期)")
                    .doesNotContain("2024年第39期（");
        }
    }

    @Test
    void issuesFromAnArchiveOrRecallLinksAreRecordedButNotAnnounced() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("issue-29.md"), Issue.NO_29.snapshot());
        Files.writeString(archive.resolve("issue-17.html"), Issue.NO_17.html(null));
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            // issue 39's 近期回顾 links lead to this server; of them only issue 38 is served (37..34 answer 404)
            pages.serve(Issue.NO_38);
            Relay relay = new Relay(dir).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.archive-dir", archive.toString())
                    .set("reports.urls", pages.serve(Issue.NO_39.withRecallLinksHere()));

            assertThat(relay.run("--once")).isZero();

            assertThat(pages.requested()).anyMatch(path -> path.contains("mid=" + Issue.NO_38.mid()));
            assertThat(relay.csvIssues()).containsExactlyInAnyOrder("2024/17", "2024/29", "2024/38", "2024/39");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第39期", "742 (+319% vs 第38期)");

            assertThat(relay.run("--once")).isZero();
            assertThat(slack.requests()).hasSize(1);
        }
    }

    @Test
    void aFirstStartWithAFeedOfSeveralIssuesAnnouncesOnlyTheNewestThenEachNewerOne() throws Exception {
        try (PageServer pages = new PageServer();
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            List<Issue> history = List.of(Issue.NO_39, Issue.NO_29, Issue.NO_17, Issue.NO_9);
            Relay relay = new Relay(dir).target("team", "slack", slack.url("/services/T0/B0/x"))
                    .set("reports.feeds", pages.serve("/feed.xml", feed(pages, history)));

            assertThat(relay.run("--once")).isZero();

            assertThat(relay.csvIssues()).containsExactlyInAnyOrder("2024/9", "2024/17", "2024/29", "2024/39");
            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第39期").doesNotContain("2024年第29期（");

            pages.serve("/feed.xml", feed(pages, List.of(Issue.NO_45, Issue.NO_39, Issue.NO_29, Issue.NO_17)));
            assertThat(relay.run("--once")).isZero();

            assertThat(relay.csvIssues()).hasSize(5).contains("2024/45");
            assertThat(slack.requests()).hasSize(2);
            assertThat(slack.requests().get(1).bodyText()).contains("2024年第45期", "345 (-54% vs 第39期)");
        }
    }

    /** An RSS feed of link-only items, newest first, as a summary feed of the account would list them. */
    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            pages.serve(issue);
            items.append("<item><title>网络安全信息与动态周报").append(issue.label()).append("</title><link>")
                    .append(pages.articleUrl(issue).replace("&", "&amp;")).append("</link></item>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>国家互联网应急中心CNCERT</title><link>" + pages.base() + "</link>" + items
                + "</channel></rss>";
    }
}
