package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall links (近期回顾) are followed to backfill earlier issues: only to allowed hosts, only when the link text is
 * an issue of this bulletin, only to reports.follow-depth, and never to the same article twice.
 */
class RecallLinksTest {

    @TempDir
    Path data;

    @TempDir
    Path otherData;

    @Test
    void followedOnlyToAllowedHostsAndOnlyForLinksNamingAnIssueOfThisBulletin() throws Exception {
        try (PageServer server = new PageServer(); PageServer otherHost = new PageServer("127.0.0.2");
                PageServer otherPort = new PageServer()) {
            String base = server.base();
            String localhost = "http://localhost:" + server.port();
            Issue i50 = Issue.madeUp(2024, 50);
            Issue i49 = Issue.madeUp(2024, 49);
            Issue i48 = Issue.madeUp(2024, 48);
            Issue i47 = Issue.madeUp(2024, 47);
            Issue i46 = Issue.madeUp(2024, 46);
            Issue i45 = Issue.madeUp(2024, 45);
            Issue i44 = Issue.madeUp(2024, 44);
            for (Issue issue : new Issue[] {i49, i48, i47, i46, i45, i44}) {
                server.page(issue.mid(), issue.page());
                otherHost.page(issue.mid(), issue.page());
                otherPort.page(issue.mid(), issue.page());
            }
            String cnvd = "9300000001";
            server.page(cnvd, Issue.otherSeriesPage(cnvd));
            server.page(i50.mid(), i50.page(// the same server under another host name
                    Issue.link(i49.recallHref(localhost), i49.title()),
                    // another host
                    Issue.link(i48.recallHref(otherHost.base()), i48.title()),
                    // the same host, another port
                    Issue.link(i44.recallHref(otherPort.base()), i44.title()),
                    // allowed host, but the text is another series, or no issue at all
                    Issue.link(base + "/s?__biz=" + Issue.BIZ + "&mid=" + cnvd + "&idx=1&sn="
                            + Issue.sn(cnvd), "CNVD漏洞周报2024年第38期"),
                    Issue.link(i46.recallHref(base), "阅读原文"),
                    Issue.link(i45.recallHref(base), "网络安全信息与动态周报往期汇总"),
                    // the one link to follow
                    i47.link(base)));

            // host:port allows that port only
            Relay relay = new Relay(data).urls(i50.url(base)).set("reports.follow-depth", "5")
                    .set("reports.allowed-hosts", "127.0.0.1:" + server.port());
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).as(run.output()).containsExactlyInAnyOrder("2024/50", "2024/47");
            assertThat(server.hits(i49.mid())).as("localhost is not 127.0.0.1").isZero();
            assertThat(server.requests()).noneMatch(request -> request.startsWith("localhost"));
            assertThat(otherHost.totalHits()).as("requests to 127.0.0.2").isZero();
            assertThat(otherPort.totalHits()).as("requests to another port").isZero();
            assertThat(server.hits(cnvd)).as("link titled as another series").isZero();
            assertThat(server.hits(i46.mid())).as("link titled 阅读原文").isZero();
            assertThat(server.hits(i45.mid())).as("link titled 往期汇总, no issue").isZero();
            assertThat(server.hits(i47.mid())).isEqualTo(1);
            assertThat(server.totalHits()).as(server.requests().toString()).isEqualTo(2);

            // control: with localhost allowed, the same link is followed (and reaches this server); a host without
            // a port allows every port
            Relay.Run allowed = new Relay(otherData).urls(i50.url(base)).set("reports.follow-depth", "5")
                    .set("reports.allowed-hosts", "127.0.0.1, LocalHost").once();
            assertThat(allowed.exitCode()).isZero();
            assertThat(server.hits(i49.mid())).isEqualTo(1);
            assertThat(otherPort.hits(i44.mid())).isEqualTo(1);
            assertThat(otherHost.totalHits()).isZero();
            assertThat(Relay.keys(otherData)).containsExactlyInAnyOrder("2024/50", "2024/49", "2024/47", "2024/44");
        }
    }

    @Test
    void theRecallListOfARealIssueIsFollowedToTheLocalServer() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            server.page(Issue.I39.mid(), Issue.I39.htmlLinkingTo(base));
            // 2024年第39期 lists 第38期 to 第34期 under 近期回顾, with their real mid and sn
            Matcher href = Pattern.compile(
                    "href=\"http://mp\\.weixin\\.qq\\.com/s\\?__biz=[^&]+&amp;mid=(\\d+)&amp;idx=1&amp;sn=([0-9a-f]{32})")
                    .matcher(Issue.I39.html());
            List<Issue> listed = new ArrayList<>();
            for (int number = 38; number >= 34; number--) {
                assertThat(href.find()).isTrue();
                Issue issue = Issue.madeUp(2024, number).withIdentity(href.group(1), href.group(2));
                listed.add(issue);
                server.page(issue.mid(), issue.page());
            }

            Relay relay = new Relay(data).urls(Issue.I39.url(base)).set("reports.follow-depth", "1");
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            // pages are read reports.parallelism at a time: rows are in the order issues were recorded
            assertThat(Relay.keys(data)).containsExactlyInAnyOrder("2024/39", "2024/38", "2024/37", "2024/36", "2024/35",
                    "2024/34");
            List<List<String>> rows = Relay.rows(data);
            for (int i = 0; i < listed.size(); i++) {
                assertThat(rows.get(i + 1)).isEqualTo(OncePollTest.expectedRow(listed.get(i),
                        Issue.I39.chartImages(), ""));
                assertThat(server.hits(listed.get(i).mid())).isEqualTo(1);
            }
            assertThat(run.lines()).noneMatch(line -> line.contains(" WARN "));

            int requests = server.totalHits();
            assertThat(relay.once().exitCode()).isZero();
            assertThat(server.totalHits()).isEqualTo(requests);
            assertThat(Relay.keys(data)).hasSize(6);
        }
    }

    @Test
    void aChainOfFourWithFollowDepthTwoReachesExactlyThree() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            Issue i30 = Issue.madeUp(2023, 30);
            Issue i31 = Issue.madeUp(2023, 31);
            Issue i32 = Issue.madeUp(2023, 32);
            Issue i33 = Issue.madeUp(2023, 33);
            server.page(i30.mid(), i30.page());
            server.page(i31.mid(), i31.page(i30.link(base)));
            server.page(i32.mid(), i32.page(i31.link(base)));
            server.page(i33.mid(), i33.page(i32.link(base)));

            Relay.Run run = new Relay(data).urls(i33.url(base)).set("reports.follow-depth", "2").once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).containsExactly("2023/33", "2023/32", "2023/31");
            assertThat(server.hits(i33.mid())).isEqualTo(1);
            assertThat(server.hits(i32.mid())).isEqualTo(1);
            assertThat(server.hits(i31.mid())).isEqualTo(1);
            assertThat(server.hits(i30.mid())).as("depth 3").isZero();
        }
    }

    @Test
    void theSameArticleUnderDifferentLinksIsFetchedOnce() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            Issue i21 = Issue.madeUp(2023, 21);
            Issue i22 = Issue.madeUp(2023, 22);
            Issue i23 = Issue.madeUp(2023, 23);
            String plain = i21.url(base);
            server.page(i21.mid(), i21.page());
            server.page(i22.mid(), i22.page(Issue.link(plain + "&chksm=aaaa1111&scene=21#wechat_redirect", i21.title())));
            server.page(i23.mid(), i23.page(i22.link(base),
                    i21.link(base),
                    Issue.link(plain + "&chksm=bbbb2222&scene=58&subscene=0&from=timeline&isappinstalled=0#rd",
                            i21.title()),
                    Issue.link(plain.replace(Issue.BIZ, "MzIwNDk0MDgxMw%3D%3D") + "&scene=27",
                            i21.title()),
                    Issue.link(plain.replace("http://", "https://") + "&scene=21#wechat_redirect",
                            i21.title())));

            // 2023年第22期 is both configured and linked
            Relay.Run run = new Relay(data).urls(i23.url(base), i22.url(base)).set("reports.follow-depth", "5")
                    .once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).containsExactly("2023/23", "2023/22", "2023/21");
            assertThat(server.hits(i21.mid())).as(server.requests().toString()).isEqualTo(1);
            assertThat(server.hits(i22.mid())).isEqualTo(1);
            assertThat(server.hits(i23.mid())).isEqualTo(1);
            // had the https link been requested, it would have failed (the server speaks plain HTTP) with a WARN
            assertThat(run.lines()).noneMatch(line -> line.contains(" WARN "));
        }
    }
}
