package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I17;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;
import static org.cncertrelay.testing.Issue.I45;
import static org.cncertrelay.testing.Issue.I9;
import static org.cncertrelay.testing.Issue.rss;
import static org.cncertrelay.testing.Issue.xmlText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.page.GzipBody;
import org.cncertrelay.raw.RawArchive;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds as third-party services serve them, on the local server, end to end with {@code --once}: gzip though the
 * request did not ask for it, a charset named only in the XML prolog, JSON Feed 1.1, HTML as CDATA or escaped; a
 * feed garbled once and correct afterwards; a record first met under a short link.
 */
class WildFeedsTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyShapeOfFeedIsRead() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            Issue i41 = Issue.madeUp(2024, 41);
            // a page compressed when the request accepts gzip, as WeChat and nginx serve pages
            AtomicInteger servedCompressed = new AtomicInteger();
            server.route(I45.mid(), exchange -> {
                byte[] page = I45.htmlLinkingTo(base).getBytes(StandardCharsets.UTF_8);
                String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
                if (accepted != null && accepted.contains("gzip")) {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    page = gzip(page);
                    servedCompressed.incrementAndGet();
                }
                PageServer.bytes(200, "text/html; charset=UTF-8", page).respond(exchange);
            });

            // gzip without a word in the headers: RSS, full text in CDATA
            server.route("/feed/gzip.xml", PageServer.bytes(200, "application/rss+xml", gzip(rss(
                    cdataItem(I39, base)).getBytes(StandardCharsets.UTF_8))));
            // GBK bytes, the charset named only in the prolog, under a bare application/xml; escaped HTML
            String gbkFeed = rss(escapedItem(I29, base)).replace("encoding=\"UTF-8\"", "encoding=\"GBK\"");
            server.route("/feed/gbk.xml", PageServer.bytes(200, "application/xml", gbkFeed.getBytes(GBK)));
            // JSON Feed 1.1 as wewe-rss serves it: content_html; content_text; a link-only item (page gzipped)
            ObjectNode feed = JSON.createObjectNode().put("version", "https://jsonfeed.org/version/1.1")
                    .put("title", "国家互联网应急中心CNCERT");
            ArrayNode items = feed.putArray("items");
            items.addObject().put("id", "1").put("title", I17.title()).put("url", I17.url(base))
                    .put("content_html", Issue.articleBody(I17.htmlLinkingTo(base)))
                    .put("date_published", I17.published() + "T17:03:00+08:00");
            items.addObject().put("id", "2").put("title", i41.title()).put("url", i41.url(base))
                    .put("content_text", textOf(i41)).put("date_published", i41.published() + "T17:03:00+08:00");
            items.addObject().put("id", I45.url(base)).put("title", I45.title());
            server.route("/feed/json", PageServer.body(200, "application/feed+json", feed.toString()));
            // Atom with the HTML in CDATA, served gzipped
            server.route("/feed/atom.xml", PageServer.bytes(200, "application/atom+xml", gzip((
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                            + "<title>CNCERT</title><id>urn:cncert</id><updated>2024-10-20T00:00:00Z</updated>"
                            + "<entry><title>" + I9.title() + "</title><link href=\"" + xmlText(I9.url(base))
                            + "\"/><id>urn:9</id><updated>" + I9.published() + "T09:00:00Z</updated>"
                            + "<content type=\"html\"><![CDATA[" + Issue.articleBody(I9.htmlLinkingTo(base))
                            + "]]></content></entry></feed>").getBytes(StandardCharsets.UTF_8))));
            // a gzip bomb: a few kilobytes that inflate far beyond reports.max-page-bytes
            server.route("/feed/bomb.xml", PageServer.bytes(200, "application/rss+xml",
                    gzip(new byte[64 * 1024 * 1024])));

            Relay relay = new Relay(data).set("reports.max-page-bytes", "8000000").feeds(base + "/feed/gzip.xml",
                    base + "/feed/gbk.xml", base + "/feed/json", base + "/feed/atom.xml", base + "/feed/bomb.xml");
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).as(run.output())
                    .containsExactlyInAnyOrder("2024/39", "2024/29", "2024/17", "2024/41", "2024/45", "2024/9");
            List<List<String>> rows = Relay.rows(data);
            for (Issue issue : List.of(I39, I29, I17, I45, I9)) {
                String warnings = issue == I17 ? OncePollTest.I17_WARNING : "";
                assertThat(rows).as("row of %s", issue.label())
                        .contains(OncePollTest.expectedRow(issue, issue.chartImages(), warnings));
            }
            // plain text carries no chart images; every figure is read from it all the same
            assertThat(rows).contains(OncePollTest.expectedRow(i41, List.of(), ""));
            // the link-only item's page was requested, once, compressed, and kept in the raw archive as it came
            assertThat(server.hits(I45.mid())).isEqualTo(1);
            assertThat(servedCompressed).hasValue(1);
            List<RawArchive.Capture> kept = new ArrayList<>();
            new RawArchive(data, null, Long.MAX_VALUE, Clock.systemUTC()).readAll(kept::add);
            assertThat(kept).filteredOn(capture -> capture.uri().toString().contains(I45.mid()))
                    .singleElement().satisfies(capture -> assertThat(GzipBody.isCompressed(capture.body())).isTrue());
            assertThat(run.warningsAbout("/feed/bomb.xml")).singleElement().asString()
                    .contains("inflates to more than 8000000 bytes");
        }
    }

    @Test
    void aFeedGarbledOnceIsReadWhenServedCorrectly() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            String feed = rss(cdataItem(I39, base) + cdataItem(I29, base));
            // a poll of a service that decoded the account's UTF-8 as Latin-1 and served the result as UTF-8
            byte[] mojibake = new String(feed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.UTF_8);
            // and a service sending GBK bytes under a UTF-8 label
            byte[] mislabelled = feed.getBytes(GBK);
            for (byte[] garbled : List.of(mojibake, mislabelled)) {
                Path dataDir = data.resolve(garbled == mojibake ? "mojibake" : "mislabelled");
                String path = "/feed/" + dataDir.getFileName() + ".xml";
                server.route(path, PageServer.firstThen(1,
                        PageServer.bytes(200, "application/rss+xml; charset=UTF-8", garbled), PageServer.xml(feed)));
                Relay relay = new Relay(dataDir).feeds(base + path);

                Relay.Run first = relay.once();
                assertThat(first.exitCode()).as(first.output()).isZero();
                assertThat(Relay.keys(dataDir)).as(first.output()).isEmpty();
                assertThat(first.linesContaining("garbled text")).as(first.output()).hasSize(2);

                Relay.Run second = relay.once();
                assertThat(second.exitCode()).as(second.output()).isZero();
                assertThat(Relay.keys(dataDir)).as(second.output()).containsExactlyInAnyOrder("2024/39", "2024/29");
                assertThat(Relay.rows(dataDir)).contains(OncePollTest.expectedRow(I39, I39.chartImages(), ""),
                        OncePollTest.expectedRow(I29, I29.chartImages(), ""));
                assertThat(server.hits(I39.mid()) + server.hits(I29.mid())).isZero();
            }
        }
    }

    @Test
    void aShortLinkGivesWayToTheArticleIdentity() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            String shortLink = "https://mp.weixin.qq.com/s/Zq3xY_k9-AbCdEfGh12345";
            ObjectNode wewe = JSON.createObjectNode().put("version", "https://jsonfeed.org/version/1.1")
                    .put("title", "CNCERT");
            wewe.putArray("items").addObject().put("id", "Zq3xY_k9-AbCdEfGh12345").put("title", I39.title())
                    .put("url", shortLink).put("content_html", Issue.articleBody(I39.htmlLinkingTo(base)))
                    .put("date_published", I39.published() + "T17:03:00+08:00");
            server.route("/wewe.json", PageServer.body(200, "application/feed+json; charset=utf-8", wewe.toString()));
            server.route("/full.xml", PageServer.xml(rss(cdataItem(I39, base))));
            server.route("/hook", PageServer.status(204));

            Relay relay = new Relay(data).feeds(base + "/wewe.json").target("chat", "generic", base + "/hook");
            Relay.Run first = relay.once();
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(Relay.rows(data)).singleElement().satisfies(row -> assertThat(row.get(12)).isEqualTo(shortLink));
            assertThat(server.hits("/hook")).isEqualTo(1);

            Relay.Run second = relay.feeds(base + "/wewe.json", base + "/full.xml").once();
            assertThat(second.exitCode()).as(second.output()).isZero();
            // the same record, its url now the article's identity; announced once, in the first poll
            assertThat(Relay.rows(data)).containsExactly(OncePollTest.expectedRow(I39, I39.chartImages(), ""));
            assertThat(second.linesContaining("Updated the url of 2024年第39期")).hasSize(1);
            assertThat(server.hits("/hook")).isEqualTo(1);

            // the record store kept it: a third poll changes nothing
            String csv = Relay.csvText(data);
            Relay.Run third = relay.once();
            assertThat(third.exitCode()).as(third.output()).isZero();
            assertThat(Relay.csvText(data)).isEqualTo(csv);
            assertThat(third.linesContaining("Updated the url")).isEmpty();
        }
    }

    private static String cdataItem(Issue issue, String base) {
        return "<item><title>" + issue.title() + "</title><link>" + xmlText(issue.recallHref(base)) + "</link>"
                + pubDate(issue) + "<content:encoded><![CDATA[" + Issue.articleBody(issue.htmlLinkingTo(base))
                + "]]></content:encoded></item>";
    }

    private static String escapedItem(Issue issue, String base) {
        return "<item><title>" + issue.title() + "</title><link>" + xmlText(issue.recallHref(base)) + "</link>"
                + pubDate(issue) + "<description>" + xmlText(Issue.articleBody(issue.htmlLinkingTo(base)))
                + "</description></item>";
    }

    /** The article's text as a plain-text feed carries it. */
    private static String textOf(Issue issue) {
        return Jsoup.parseBodyFragment(Issue.articleBody(issue.page())).body().text();
    }

    private static String pubDate(Issue issue) {
        return "<pubDate>" + DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(
                issue.published().atTime(LocalTime.of(17, 3)).atZone(ZoneId.of("Asia/Shanghai"))) + "</pubDate>";
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
