package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.FeedReader.FeedItem;
import org.cncertrelay.page.FeedReader;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.page.WechatPageReader;
import org.cncertrelay.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Full-text feeds carry the article HTML; an item is parsed without fetching the page. */
class FeedItemsTest {

    static final String LINK = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1"
            + "&sn=a6147bec24a7c347f26fafda8c96c2c4&chksm=973acd1aa04d440c#rd";

    /** The body of issue 39 as a feed carries it: the inside of #js_content. */
    static String body() {
        String page = Fixtures.page("000_2c3649adac17a20f");
        int start = page.indexOf("<section style=\"text-align:center;\">");
        int end = page.indexOf("\n     </div>", start);
        return page.substring(start, end);
    }

    static String rss(String item) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
                + "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
                + "<title>国家互联网应急中心CNCERT</title><link>https://mp.weixin.qq.com</link>" + item
                + "</channel></rss>";
    }

    private static Report parse(FeedItem item) throws PageRejected {
        return new BulletinParser(Messages.english()).parse(new WechatPageReader().readFragment(item.html(), item.title(),
                URI.create(item.link()), item.published()));
    }

    private static void assertIssue39(Report report) {
        assertThat(report.key()).isEqualTo(new ReportKey(2024, 39));
        assertThat(report.title()).isEqualTo(Variant.TITLE);
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2024, 9, 23));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2024, 9, 29));
        assertThat(report.published()).isEqualTo(LocalDate.of(2024, 10, 9));
        assertThat(report.rating()).isEqualTo(Rating.GOOD);
        assertThat(List.of(report.incidentsTotal(), report.incidentsCrossBorder(), report.phishingComplaints(),
                report.maliciousAppPlatforms(), report.maliciousUrls())).containsExactly(742, 618, 677, 7, 7);
        assertThat(report.url()).isEqualTo("https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1"
                + "&sn=a6147bec24a7c347f26fafda8c96c2c4");
        assertThat(report.chartImages()).hasSize(5).allSatisfy(url -> assertThat(url).doesNotContain("&amp;"));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void rssItemWithContentEncodedInCdata() throws Exception {
        String xml = rss("<item><title>" + Variant.TITLE + "</title><link>" + LINK.replace("&", "&amp;") + "</link>"
                + "<pubDate>Tue, 08 Oct 2024 16:30:00 GMT</pubDate>"
                + "<description>本周，互联网网络安全态势整体评价为良。</description>"
                + "<content:encoded><![CDATA[" + body() + "]]></content:encoded></item>");
        List<FeedItem> items = new FeedReader().read(xml);
        assertThat(items).hasSize(1);
        FeedItem item = items.get(0);
        assertThat(item.title()).isEqualTo(Variant.TITLE);
        assertThat(item.link()).isEqualTo(LINK);
        assertThat(item.published()).isEqualTo(LocalDate.of(2024, 10, 9)); // 00:30 in Beijing
        assertThat(item.html()).contains("共处理网络安全事件742起");
        Report report = parse(item);
        assertIssue39(report);
        // the same record as the page, but for the account, which the body does not carry
        Report page = Variant.issue39().fromPage();
        assertThat(report.withWarnings(List.of())).usingRecursiveComparison().ignoringFields("account")
                .isEqualTo(page);
    }

    @Test
    void atomEntryWithEscapedHtmlContent() throws Exception {
        String escaped = body().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>国家互联网应急中心CNCERT</title><entry><title>" + Variant.TITLE + "</title>"
                + "<link rel=\"alternate\" href=\"" + LINK.replace("&", "&amp;") + "\"/>"
                + "<id>" + LINK.replace("&", "&amp;") + "</id><published>2024-10-09T17:03:00+08:00</published>"
                + "<updated>2024-10-10T00:00:00Z</updated><content type=\"html\">" + escaped + "</content></entry></feed>";
        List<FeedItem> items = new FeedReader().read(xml);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).link()).isEqualTo(LINK);
        assertIssue39(parse(items.get(0)));
    }

    @Test
    void rssItemWithOnlyALink() throws Exception {
        List<FeedItem> items = new FeedReader().read(rss("<item><title>" + Variant.TITLE + "</title><link>"
                + LINK.replace("&", "&amp;") + "</link></item><item><link>https://mp.weixin.qq.com/s/AbCd</link></item>"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).html()).isNull();
        assertThat(items.get(0).link()).isEqualTo(LINK);
        assertThat(items.get(0).published()).isNull();
        assertThat(items.get(1).title()).isNull();
        assertThat(items.get(1).link()).isEqualTo("https://mp.weixin.qq.com/s/AbCd");
    }

    @Test
    void notAFeed() {
        for (String input : new String[] {"", "<html><body>no feed</body></html>", "plain", "{\"items\":[]}"}) {
            assertThatThrownBy(() -> new FeedReader().read(input)).isInstanceOf(PageRejected.class)
                    .extracting(e -> ((PageRejected) e).problem()).isEqualTo(PageProblem.MALFORMED);
        }
    }
}
