package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.xmlText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No request leaves reports.allowed-hosts for a URL the relay did not take from its configuration: feed item links,
 * recall links and every redirect hop. Canary servers (127.0.0.2, and another port of 127.0.0.1) serve the same
 * issues as the allowed server and must never be asked. A redirect loop fails its page only; a page listing a
 * hundred thousand issues queues a few dozen.
 */
class AllowedHostsTest {

    @TempDir
    Path data;

    @Test
    void feedItemsLinkingElsewhereAreNotRequested() throws Exception {
        try (PageServer server = new PageServer(); PageServer otherHost = new PageServer("127.0.0.2");
                PageServer otherPort = new PageServer()) {
            String base = server.base();
            Issue i41 = Issue.madeUp(2024, 41);
            Issue i42 = Issue.madeUp(2024, 42);
            Issue i43 = Issue.madeUp(2024, 43);
            for (PageServer each : List.of(server, otherHost, otherPort)) {
                for (Issue issue : List.of(i41, i42, i43, Issue.I39, Issue.I45)) {
                    each.page(issue.mid(), issue.page());
                }
            }
            server.route("/feed.xml", PageServer.xml(Issue.rss(
                    Issue.linkItem(i41.title(), i41.url(otherHost.base()))
                            + Issue.linkItem(i42.title(), i42.url(otherPort.base()))
                            // full text: parsed from the feed; its link is not needed
                            + "<item><title>" + Issue.I39.title() + "</title><link>"
                            + xmlText(Issue.I39.url(otherHost.base())) + "</link><content:encoded><![CDATA["
                            + Issue.articleBody(Issue.I39.html()) + "]]></content:encoded></item>"
                            // a summary only: the article would have to be fetched from a host not allowed
                            + "<item><title>" + Issue.I45.title() + "</title><link>"
                            + xmlText(Issue.I45.url(otherPort.base()))
                            + "</link><description>本周，互联网网络安全态势整体评价为良。</description></item>"
                            + Issue.linkItem(i43.title(), i43.url(base)))));

            Relay relay = new Relay(data).feeds(base + "/feed.xml")
                    .set("reports.allowed-hosts", "127.0.0.1:" + server.port());
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(otherHost.requests()).as("requests to 127.0.0.2").isEmpty();
            assertThat(otherPort.requests()).as("requests to another port").isEmpty();
            assertThat(Relay.keys(data)).as(run.output()).containsExactlyInAnyOrder("2024/39", "2024/43");
            for (String refused : List.of(i41.url(otherHost.base()), i42.url(otherPort.base()),
                    Issue.I45.url(otherPort.base()))) {
                assertThat(run.warningsAbout(refused)).as(refused).singleElement().asString()
                        .contains("not requested", "is not in reports.allowed-hosts");
            }
            assertThat(server.requests()).as("the feed, then the one item on the allowed host").hasSize(2);

            Relay.Run again = relay.once();
            assertThat(again.exitCode()).isZero();
            assertThat(otherHost.totalHits() + otherPort.totalHits()).isZero();
        }
    }

    @Test
    void recallLinksAndRedirectHopsStayOnAllowedHosts() throws Exception {
        try (PageServer server = new PageServer(); PageServer otherHost = new PageServer("127.0.0.2");
                PageServer otherPort = new PageServer()) {
            String base = server.base();
            Issue i50 = Issue.madeUp(2024, 50);
            List<Issue> linked = new ArrayList<>();
            for (int number = 49; number >= 44; number--) {
                linked.add(Issue.madeUp(2024, number));
            }
            for (PageServer each : List.of(server, otherHost, otherPort)) {
                linked.forEach(issue -> each.page(issue.mid(), issue.page()));
            }
            Issue i49 = linked.get(0);
            Issue i48 = linked.get(1);
            Issue i47 = linked.get(2);
            Issue i46 = linked.get(3);
            Issue i45 = linked.get(4);
            Issue i44 = linked.get(5);
            // on the allowed host, but answering with a redirect to a canary
            server.route(i48.mid(), PageServer.redirect(i48.url(otherPort.base())));
            server.route(i46.mid(), PageServer.redirect(i46.url(otherHost.base())));
            server.page(i50.mid(), i50.page(
                    Issue.link(i49.recallHref(otherHost.base()), i49.title()),
                    i48.link(base),
                    i47.link(base),
                    i46.link(base),
                    // an allowed name, but it resolves to loopback, which the allow-list names for another port
                    Issue.link(i45.recallHref("http://localhost:" + otherPort.port()), i45.title()),
                    Issue.link(i44.recallHref(otherPort.base()).replace("http://", "ftp://"), i44.title())));
            // a configured page may redirect within its own host, not beyond it
            String movedWithin = "9500000001";
            String movedAway = "9500000002";
            Issue i30 = Issue.madeUp(2024, 30);
            Issue i31 = Issue.madeUp(2024, 31);
            server.route(movedWithin, PageServer.redirect(i30.url(base)));
            server.page(i30.mid(), i30.page());
            server.route(movedAway, PageServer.redirect(i31.url(otherPort.base())));
            otherPort.page(i31.mid(), i31.page());

            Relay relay = new Relay(data).urls(i50.url(base), Issue.articleUrl(base, movedWithin),
                            Issue.articleUrl(base, movedAway))
                    .set("reports.follow-depth", "1")
                    .set("reports.allowed-hosts", "127.0.0.1:" + server.port() + ", localhost");
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(otherHost.requests()).as("requests to 127.0.0.2").isEmpty();
            assertThat(otherPort.requests()).as("requests to another port").isEmpty();
            assertThat(Relay.keys(data)).as(run.output()).containsExactlyInAnyOrder("2024/50", "2024/47", "2024/30");
            assertThat(run.warningsAbout(i49.recallHref(otherHost.base()).split("#")[0])).singleElement().asString()
                    .contains("host 127.0.0.2:" + otherHost.port() + " is not in reports.allowed-hosts");
            assertThat(run.warningsAbout(i48.url(base))).singleElement().asString()
                    .contains("redirected to 127.0.0.1:" + otherPort.port() + ", not followed");
            assertThat(run.warningsAbout(i46.url(base))).singleElement().asString()
                    .contains("redirected to 127.0.0.2:" + otherHost.port() + ", not followed");
            assertThat(run.warningsAbout("localhost:" + otherPort.port())).singleElement().asString()
                    .contains("resolves to the loopback address 127.0.0.1");
            assertThat(run.warningsAbout(Issue.articleUrl(base, movedAway))).singleElement().asString()
                    .contains("redirected to 127.0.0.1:" + otherPort.port() + ", not followed");
            assertThat(server.hits(i48.mid())).isEqualTo(1);
            assertThat(server.hits(i46.mid())).isEqualTo(1);
        }
    }

    @Test
    void aRedirectLoopFailsThatPageOnly() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            String toItself = "9600000001";
            String pingA = "9600000002";
            String pingB = "9600000003";
            server.route(toItself, PageServer.redirect(Issue.articleUrl(base, toItself)));
            server.route(pingA, PageServer.redirect(Issue.articleUrl(base, pingB)));
            server.route(pingB, PageServer.redirect(Issue.articleUrl(base, pingA)));
            // a chain longer than the relay follows: /r1 -> /r2 -> ... -> /r9
            for (int hop = 1; hop < 9; hop++) {
                server.route("/r" + hop, PageServer.redirect(base + "/r" + (hop + 1)));
            }
            server.route("/r9", PageServer.html(Issue.I29.htmlLinkingTo(base)));
            for (Issue issue : List.of(Issue.I39, Issue.I45)) {
                server.page(issue.mid(), issue.htmlLinkingTo(base));
            }

            Relay.Run run = new Relay(data).urls(Issue.articleUrl(base, toItself), Issue.I39.url(base),
                    Issue.articleUrl(base, pingA), base + "/r1", Issue.I45.url(base)).once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).as(run.output()).containsExactly("2024/39", "2024/45");
            assertThat(run.warningsAbout(Issue.articleUrl(base, toItself))).singleElement().asString()
                    .contains("redirected in a loop", "redirected back to a URL already requested");
            assertThat(run.warningsAbout(Issue.articleUrl(base, pingA))).singleElement().asString()
                    .contains("redirected in a loop");
            assertThat(run.warningsAbout(base + "/r1")).singleElement().asString().contains("more than 5 redirects");
            assertThat(run.linesContaining("could not be reached")).isEmpty();
            assertThat(server.hits(toItself)).isEqualTo(1);
            assertThat(server.hits(pingA) + server.hits(pingB)).isEqualTo(2);
            assertThat(server.hits("/r6")).isEqualTo(1);
            assertThat(server.hits("/r7")).as("the sixth redirect is not followed").isZero();
        }
    }

    @Test
    void aPageListingAHundredThousandIssuesQueuesAFewDozen() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            Issue i50 = Issue.madeUp(2024, 50);
            int listed = 100_000;
            List<String> links = new ArrayList<>(listed);
            for (int i = 0; i < listed; i++) {
                String mid = Long.toString(7_000_000_000L + i);
                links.add("<p><a href=\"" + base + "/s?__biz=" + Issue.BIZ + "&amp;mid=" + mid + "&amp;idx=1\">"
                        + Issue.NAME + (1900 + i / 500) + "年第" + (1 + i % 500) + "期</a></p>");
            }
            server.page(i50.mid(), Issue.withRecall(i50.html(), links.toArray(String[]::new)));

            Relay.Run run = new Relay(data).urls(i50.url(base)).set("reports.follow-depth", "1")
                    .set("reports.max-page-bytes", Integer.toString(64 << 20)).once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).containsExactly("2024/50");
            assertThat(server.totalHits()).as("the page and the links followed").isEqualTo(1 + 50);
            assertThat(run.warningsAbout(i50.url(base))).singleElement().asString()
                    .contains("lists 100000 recall links naming an issue: the first 50 followed, 99950 dropped");
        }
    }
}
