package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.cncertrelay.page.FeedReader.FeedItem;
import org.junit.jupiter.api.Test;

/** The feed shapes third-party services serve, and the hostile ones, read by {@link FeedReader} alone. */
class FeedShapesTest {

    private static final String TITLE = "网络安全信息与动态周报2024年第39期（9月23日-9月29日）";
    private static final String LINK = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1";
    private static final Charset GBK = Charset.forName("GBK");

    private static String rss(String prolog, String item) {
        return prolog + "<rss version=\"2.0\"><channel><title>国家互联网应急中心</title><link>https://mp.weixin.qq.com</link>"
                + "<description>d</description>" + item + "</channel></rss>";
    }

    @Test
    void jsonFeedItemsWithHtmlTextOrOnlyALink() throws Exception {
        String json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"CNCERT\",\"items\":["
                + "{\"id\":\"a\",\"url\":\"" + LINK + "\",\"title\":\"" + TITLE + "\",\"content_html\":\"<p>共处理网络安全事件"
                + "742起</p>\",\"content_text\":\"ignored\",\"date_published\":\"2024-10-08T16:30:00Z\"},"
                + "{\"id\":\"https://mp.weixin.qq.com/s/AbC\",\"title\":\"t\",\"content_text\":\"一行 <b>\\n\\n二行\","
                + "\"date_modified\":\"2024-10-09\"},"
                + "{\"id\":\"c\",\"external_url\":\"https://mp.weixin.qq.com/s/XyZ\"}]}";
        List<FeedItem> items = new FeedReader().read(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(items).containsExactly(
                new FeedItem(TITLE, LINK, "<p>共处理网络安全事件742起</p>", LocalDate.of(2024, 10, 9)),
                new FeedItem("t", "https://mp.weixin.qq.com/s/AbC", "<p>一行 &lt;b&gt;</p>\n<p>二行</p>\n",
                        LocalDate.of(2024, 10, 9)),
                new FeedItem(null, "https://mp.weixin.qq.com/s/XyZ", null, null));
    }

    @Test
    void jsonThatIsNoJsonFeedIsMalformed() {
        for (String json : List.of("{\"items\":[]}", "{\"version\":\"1\",\"items\":[]}", "{\"version\":",
                "{\"version\":\"https://jsonfeed.org/version/1.1\"}")) {
            assertThatThrownBy(() -> new FeedReader().read(json)).as(json).isInstanceOf(PageRejected.class)
                    .extracting(e -> ((PageRejected) e).problem()).isEqualTo(PageProblem.MALFORMED);
        }
    }

    @Test
    void aCharsetNamedOnlyInThePrologIsUsed() throws Exception {
        String xml = rss("<?xml version=\"1.0\" encoding=\"GBK\"?>\n", "<item><title>" + TITLE + "</title><link>"
                + LINK.replace("&", "&amp;") + "</link><description>&lt;p&gt;整体评价为良&lt;/p&gt;</description></item>");
        // bare application/xml: no charset from HTTP, so the fetcher passes its default
        List<FeedItem> items = new FeedReader().read(xml.getBytes(GBK), StandardCharsets.UTF_8);
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo(TITLE);
            assertThat(item.html()).isEqualTo("<p>整体评价为良</p>");
        });
        // a UTF-8 feed with a mistaken GBK prolog is read as what its bytes are
        assertThat(new FeedReader().read(xml.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .singleElement().extracting(FeedItem::title).isEqualTo(TITLE);
        // a byte-order mark decides
        byte[] bom = ("\uFEFF" + xml.replace("GBK", "UTF-8")).getBytes(StandardCharsets.UTF_8);
        assertThat(new FeedReader().read(bom, GBK)).singleElement().extracting(FeedItem::title).isEqualTo(TITLE);
    }

    @Test
    void externalEntitiesAndEntityExpansionAreRefused() {
        String xxe = rss("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
                "<item><title>&x;</title><link>" + LINK + "</link></item>");
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY l0 \"lol\">");
        for (int level = 1; level <= 10; level++) {
            laughs.append("<!ENTITY l").append(level).append(" \"")
                    .append(("&l" + (level - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>");
        String bomb = rss(laughs.toString(), "<item><title>&l10;</title></item>");
        for (String hostile : List.of(xxe, bomb)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new FeedReader().read(hostile)).isInstanceOf(PageRejected.class)
                    .extracting(e -> ((PageRejected) e).problem()).isEqualTo(PageProblem.MALFORMED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void gzipIsRecognisedByItsBytesAndBoundedWhenInflated() throws Exception {
        byte[] page = "<html>页面</html>".getBytes(StandardCharsets.UTF_8);
        assertThat(GzipBody.inflateIfCompressed(gzip(page), 1000)).isEqualTo(page);
        assertThat(GzipBody.inflateIfCompressed(page, 1000)).isSameAs(page);
        assertThat(GzipBody.inflateIfCompressed(gzip(new byte[1000]), 1000)).hasSize(1000);
        assertThatThrownBy(() -> GzipBody.inflateIfCompressed(gzip(new byte[1001]), 1000))
                .isInstanceOf(PageRejected.class).extracting(e -> ((PageRejected) e).problem())
                .isEqualTo(PageProblem.TOO_LARGE);
        byte[] cut = gzip(page);
        assertThatThrownBy(() -> GzipBody.inflateIfCompressed(java.util.Arrays.copyOf(cut, cut.length - 9), 1000))
                .isInstanceOf(PageRejected.class).extracting(e -> ((PageRejected) e).problem())
                .isEqualTo(PageProblem.MALFORMED);
    }

    @Test
    void garbledTextIsToldFromTextOfAnotherSeries() {
        String utf8AsLatin1 = new String(TITLE.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String utf8As1252 = new String(TITLE.getBytes(StandardCharsets.UTF_8), Charset.forName("windows-1252"));
        String utf8AsGbk = new String(TITLE.getBytes(StandardCharsets.UTF_8), GBK);
        String gbkAsUtf8 = new String(TITLE.getBytes(GBK), StandardCharsets.UTF_8);
        for (String garbled : List.of(utf8AsLatin1, utf8As1252, utf8AsGbk, gbkAsUtf8, "CNVD漏洞周报\uFFFD")) {
            assertThat(GarbledText.looksGarbled(garbled)).as(garbled).isTrue();
        }
        for (String fine : List.of(TITLE, "CNVD漏洞周报2024年第38期", "勒索软件动态周报", "Café “quoted” – 2024",
                "Müller Straße", "每周移动恶意程序…", "", "ASCII only")) {
            assertThat(GarbledText.looksGarbled(fine)).as(fine).isFalse();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
