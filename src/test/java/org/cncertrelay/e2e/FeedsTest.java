package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I17;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;
import static org.cncertrelay.testing.Issue.I45;
import static org.cncertrelay.testing.Issue.I9;
import static org.cncertrelay.testing.Issue.rss;
import static org.cncertrelay.testing.Issue.xmlText;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds on the local server: full-text RSS items are parsed from the feed without a request for their page,
 * link-only items are fetched, Atom works alike; items of another series of the account never become rows.
 */
class FeedsTest {

    private static final String DIGEST = "本周，互联网网络安全态势整体评价为良。";
    private static final String CNVD = "CNVD漏洞周报2024年第38期";

    @TempDir
    Path data;

    @Test
    void fullTextLinkOnlyAndAtomFeeds() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            for (Issue issue : Issue.REAL) {
                server.page(issue.mid(), issue.htmlLinkingTo(base));
            }
            Issue i41 = Issue.madeUp(2024, 41);
            server.page(i41.mid(), i41.page());
            String cnvdFull = "9200000001";
            String cnvdLink = "9200000002";
            String cnvdAtom = "9200000003";
            for (String mid : List.of(cnvdFull, cnvdLink, cnvdAtom)) {
                server.page(mid, Issue.otherSeriesPage(mid));
            }

            // full text: the article body in content:encoded, as Wechat2RSS publishes it
            server.route("/feed/full.xml", PageServer.xml(rss(
                    fullItem(I39, base) + fullItem(I29, base)
                            + "<item><title>" + CNVD + "</title><link>" + xmlText(Issue.articleUrl(base, cnvdFull)) + "</link>"
                            + "<pubDate>Mon, 30 Sep 2024 09:00:00 GMT</pubDate><content:encoded><![CDATA["
                            + Issue.articleBody(Issue.otherSeriesPage(cnvdFull))
                            + "]]></content:encoded></item>")));
            // links only: nothing but title and link, or the digest WeChat shows under the title
            server.route("/feed/links.xml", PageServer.xml(rss(
                    "<item><title>" + I9.title() + "</title><link>" + xmlText(I9.recallHref(base)) + "</link></item>"
                            + "<item><title>" + I45.title() + "</title><link>" + xmlText(I45.url(base))
                            + "</link><description>" + DIGEST + "</description>" + pubDate(I45) + "</item>"
                            + "<item><title>" + CNVD + "</title><link>" + xmlText(Issue.articleUrl(base, cnvdLink))
                            + "</link></item>")));
            // Atom: escaped HTML in content, and a link-only entry
            server.route("/feed/atom.xml", PageServer.body(200, "application/atom+xml; charset=UTF-8",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                            + "<title>国家互联网应急中心CNCERT</title>"
                            + "<entry><title>" + I17.title() + "</title><link rel=\"alternate\" href=\""
                            + xmlText(I17.url(base)) + "\"/><published>" + I17.published()
                            + "T17:03:00+08:00</published><content type=\"html\">"
                            + xmlText(Issue.articleBody(I17.htmlLinkingTo(base))) + "</content></entry>"
                            + "<entry><title>" + i41.title() + "</title><link href=\"" + xmlText(i41.url(base))
                            + "\"/><updated>" + i41.published() + "T17:03:00+08:00</updated></entry>"
                            + "<entry><title>" + CNVD + "</title><link href=\"" + xmlText(Issue.articleUrl(base, cnvdAtom))
                            + "\"/><content type=\"html\">"
                            + xmlText(Issue.articleBody(Issue.otherSeriesPage(cnvdAtom)))
                            + "</content></entry></feed>"));

            Relay relay = new Relay(data).feeds(base + "/feed/full.xml", base + "/feed/links.xml",
                    base + "/feed/atom.xml");
            Relay.Run first = relay.once();

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(Relay.keys(data)).as(first.output())
                    .containsExactlyInAnyOrder("2024/39", "2024/29", "2024/9", "2024/45", "2024/17", "2024/41");
            List<List<String>> rows = Relay.rows(data);
            for (Issue issue : Issue.REAL) {
                String warnings = issue == I17 ? OncePollTest.I17_WARNING : "";
                assertThat(rows).as("row of %s", issue.label())
                        .contains(OncePollTest.expectedRow(issue, issue.chartImages(), warnings));
            }
            assertThat(rows).contains(OncePollTest.expectedRow(i41, I39.chartImages(), ""));
            assertThat(Relay.csvText(data)).doesNotContain("CNVD");

            // full-text items were read from the feed: their pages were never requested
            assertThat(server.hits(I39.mid())).isZero();
            assertThat(server.hits(I29.mid())).isZero();
            assertThat(server.hits(I17.mid())).isZero();
            // link-only items were fetched, each once
            assertThat(server.hits(I9.mid())).isEqualTo(1);
            assertThat(server.hits(I45.mid())).isEqualTo(1);
            assertThat(server.hits(i41.mid())).isEqualTo(1);
            // items of another series: never requested, one WARN each
            for (String mid : List.of(cnvdFull, cnvdLink, cnvdAtom)) {
                assertThat(server.hits(mid)).as("requests for CNVD item %s", mid).isZero();
                assertThat(first.warningsAbout("mid=" + mid + "&")).as("WARN lines for CNVD item %s", mid)
                        .singleElement().asString().contains("not an issue of 网络安全信息与动态周报");
            }
            for (String feed : List.of("/feed/full.xml", "/feed/links.xml", "/feed/atom.xml")) {
                assertThat(server.hits(feed)).isEqualTo(1);
            }

            // the next poll reads the feeds again, but nothing in them is new
            String csv = Relay.csvText(data);
            Relay.Run second = relay.once();
            assertThat(second.exitCode()).isZero();
            assertThat(Relay.csvText(data)).isEqualTo(csv);
            for (String feed : List.of("/feed/full.xml", "/feed/links.xml", "/feed/atom.xml")) {
                assertThat(server.hits(feed)).isEqualTo(2);
            }
            assertThat(server.totalHits()).as(server.requests().toString()).isEqualTo(3 + 3 + 3);
            assertThat(second.lines()).noneMatch(line -> line.contains(" WARN "));
        }
    }

    private static String fullItem(Issue issue, String base) {
        return "<item><title>" + issue.title() + "</title><link>" + xmlText(issue.recallHref(base)) + "</link>"
                + pubDate(issue) + "<description>" + DIGEST + "</description><content:encoded><![CDATA["
                + Issue.articleBody(issue.htmlLinkingTo(base)) + "]]></content:encoded></item>";
    }

    private static String pubDate(Issue issue) {
        return "<pubDate>" + DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(
                issue.published().atTime(LocalTime.of(17, 3)).atZone(ZoneId.of("Asia/Shanghai"))
                        .withZoneSameInstant(ZoneId.of("GMT"))) + "</pubDate>";
    }
}
