package org.cncertrelay.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One issue of 网络安全信息与动态周报 for tests: what its page says and what its record and CSV row must say. The five
 * real issues come from the fixtures ({@code fixture} names them); a made-up issue ({@link #madeUp}) is a real
 * issue's page and snapshot ({@code template}) rewritten with another title, identity and publish time.
 */
public record Issue(String fixture, Issue template, int year, int number, LocalDate start, LocalDate end,
        LocalDate published, String mid, String sn, Integer total, Integer crossBorder, Integer phishing,
        Integer platforms, Integer urls) {

    public static final String BIZ = Fixtures.BIZ;
    public static final String NAME = "网络安全信息与动态周报";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Every real issue was published at this time of day (Shanghai). */
    private static final LocalTime PUBLISHED_AT = LocalTime.of(17, 3);

    public static final Issue I39 = real("000_2c3649adac17a20f", 2024, 39, LocalDate.of(2024, 9, 23),
            LocalDate.of(2024, 9, 29), LocalDate.of(2024, 10, 9), "2247499384", "a6147bec24a7c347f26fafda8c96c2c4",
            742, 618, 677, 7, 7);
    public static final Issue I29 = real("001_60897e86e8836892", 2024, 29, LocalDate.of(2024, 7, 15),
            LocalDate.of(2024, 7, 21), LocalDate.of(2024, 7, 25), "2247499255", "01b008ffaf731eda6cab8a995872b6a8",
            177, 51, 152, 42, 80);
    public static final Issue I9 = real("002_b528b34d9054bae3", 2024, 9, LocalDate.of(2024, 2, 26),
            LocalDate.of(2024, 3, 3), LocalDate.of(2024, 3, 7), "2247499010", "d69b876ca352ebadcdab0fc4dfe5b635",
            103, 37, 74, 2, 2);
    public static final Issue I45 = real("003_3908a2fb016e7af9", 2024, 45, LocalDate.of(2024, 11, 4),
            LocalDate.of(2024, 11, 10), LocalDate.of(2024, 11, 14), "2247499468", "61fcaff6ef88b53c26ea431bff91d5dd",
            345, 255, 299, 4, 6);
    /** Its title's week has six days (4月22日-4月27日): the record carries a warning. */
    public static final Issue I17 = real("004_95f26e5095d0912a", 2024, 17, LocalDate.of(2024, 4, 22),
            LocalDate.of(2024, 4, 27), LocalDate.of(2024, 5, 4), "2247499123", "a88380a3beed037470aab773ba7a9c50",
            381, 149, 332, 5, 5);
    public static final List<Issue> REAL = List.of(I39, I29, I9, I45, I17);
    /**
     * 2024年第38期 made from 第29期's page (same counts: 177 incidents, so 第39期's 742 reads {@code +319% vs 第38期}),
     * with the identity its real article has (as 第39期's recall link names it).
     */
    public static final Issue I38 = madeUp(2024, 38).basedOn(I29)
            .withIdentity("2247499368", "d1c3df22111274f66034697adfcf008e");

    private static final Pattern RECALL_SECTION =
            Pattern.compile("(<strong>近期回顾</strong></span></section>\n)(.*?)(\n     </div>)", Pattern.DOTALL);
    private static final Pattern DATA_SRC = Pattern.compile("data-src=\"([^\"]+)\"");

    private static Issue real(String fixture, int year, int number, LocalDate start, LocalDate end,
            LocalDate published, String mid, String sn, Integer total, Integer crossBorder, Integer phishing,
            Integer platforms, Integer urls) {
        return new Issue(fixture, null, year, number, start, end, published, mid, sn, total, crossBorder, phishing,
                platforms, urls);
    }

    /**
     * A made-up issue of {@code year}: week {@code number} (Monday to Sunday), published the Thursday after, made
     * from 2024年第39期's page, with its counts. Its mid and sn are derived from year and number.
     */
    public static Issue madeUp(int year, int number) {
        LocalDate firstMonday = LocalDate.of(year, 1, 4).with(DayOfWeek.MONDAY);
        LocalDate start = firstMonday.plusWeeks(number - 1L);
        String mid = Long.toString(3_000_000_000L + year * 1000L + number);
        return new Issue(null, I39, year, number, start, start.plusDays(6), start.plusDays(10), mid, sn(mid),
                I39.total, I39.crossBorder, I39.phishing, I39.platforms, I39.urls);
    }

    /** The same made-up issue written over another real issue's page, with that issue's counts. */
    public Issue basedOn(Issue real) {
        return new Issue(null, real, year, number, start, end, published, mid, sn, real.total, real.crossBorder,
                real.phishing, real.platforms, real.urls);
    }

    /** The same issue under another article identity (a real issue's mid and sn). */
    public Issue withIdentity(String otherMid, String otherSn) {
        return new Issue(fixture, template, year, number, start, end, published, otherMid, otherSn, total,
                crossBorder, phishing, platforms, urls);
    }

    /** The same issue with other mobile-app counts ({@code null}: the page does not state them). */
    public Issue withMobileCounts(Integer otherPlatforms, Integer otherUrls) {
        return new Issue(fixture, template, year, number, start, end, published, mid, sn, total, crossBorder,
                phishing, otherPlatforms, otherUrls);
    }

    public boolean isReal() {
        return fixture != null;
    }

    public String title() {
        return NAME + year + "年第" + number + "期（" + start.getMonthValue() + "月" + start.getDayOfMonth() + "日-"
                + end.getMonthValue() + "月" + end.getDayOfMonth() + "日）";
    }

    /** {@code 2024年第39期}, as records and messages name it. */
    public String label() {
        return year + "年第" + number + "期";
    }

    /** The canonical article URL the CSV must carry. */
    public String canonicalUrl() {
        return "https://mp.weixin.qq.com/s?__biz=" + BIZ + "&mid=" + mid + "&idx=1&sn=" + sn;
    }

    /** The article on the local server at {@code base}. */
    public String url(String base) {
        return articleUrl(base, mid, sn);
    }

    /** The article on the local server as a shared link carries it: tracking parameters and all. */
    public String sharedUrl(String base) {
        return url(base) + "&chksm=973acd1aa04d440c&scene=58&subscene=0#rd";
    }

    /** How a recall link to this issue looks in a page: http, chksm, scene, #wechat_redirect. */
    public String recallHref(String base) {
        return url(base) + "&chksm=973acd0aa04d441c&scene=21#wechat_redirect";
    }

    /** The page HTML as mp.weixin.qq.com serves it, its recall links (近期回顾) pointing at WeChat. */
    public String html() {
        return isReal() ? Fixtures.page(fixture) : rewrite(template.html());
    }

    /** The issue saved as a snapshot with front matter, as an archive folder holds it. */
    public String snapshot() {
        return isReal() ? Fixtures.seed(fixture) : rewrite(template.snapshot());
    }

    /** The page with its recall links (近期回顾) pointing at {@code base} instead of WeChat. */
    public String htmlLinkingTo(String base) {
        return html().replace("href=\"http://mp.weixin.qq.com/s?", "href=\"" + base + "/s?");
    }

    /** The page listing just {@code recallLinks} (built with {@link #link}) under 近期回顾. */
    public String page(String... recallLinks) {
        return withRecall(html(), recallLinks);
    }

    /** The chart images of this issue's page, in page order, as the CSV must list them. */
    public List<String> chartImages() {
        String html = html();
        String body = html.substring(html.indexOf("id=\"js_content\""), html.indexOf("近期回顾"));
        Matcher matcher = DATA_SRC.matcher(body);
        List<String> images = new ArrayList<>();
        while (matcher.find()) {
            images.add(matcher.group(1).replace("&amp;", "&"));
        }
        return images;
    }

    /** A recall link to this issue on the local server. */
    public String link(String base) {
        return link(recallHref(base), title());
    }

    /** The template's text as this issue's: title, identity, publish time. */
    private String rewrite(String text) {
        return text.replace(template.title(), title())
                .replace(template.mid(), mid)
                .replace(template.sn(), sn)
                .replace("\"" + epochSeconds(template.published()) + "\"", "\"" + epochSeconds(published) + "\"")
                .replace(template.published().toString(), published.toString());
    }

    private static long epochSeconds(LocalDate day) {
        return day.atTime(PUBLISHED_AT).atZone(SHANGHAI).toEpochSecond();
    }

    // ---- pages that are not one issue's, and changes to pages ------------------------------------------------

    /** An article of the account on the local server at {@code base}, as WeChat links it. */
    public static String articleUrl(String base, String mid, String sn) {
        return base + "/s?__biz=" + BIZ + "&mid=" + mid + "&idx=1&sn=" + sn;
    }

    /** An article with this {@code mid} (its sn derived from it) on the local server at {@code base}. */
    public static String articleUrl(String base, String mid) {
        return articleUrl(base, mid, sn(mid));
    }

    public static String withRecall(String page, String... recallLinks) {
        Matcher section = RECALL_SECTION.matcher(page);
        if (!section.find()) {
            throw new IllegalStateException("no 近期回顾 section");
        }
        return page.substring(0, section.start(2)) + String.join("\n", recallLinks) + page.substring(section.end(2));
    }

    /** A recall link as WeChat writes it: the href HTML-escaped, the title in textvalue and as the text. */
    public static String link(String href, String text) {
        return "<p>●<a target=\"_blank\" href=\"" + href.replace("&", "&amp;") + "\" textvalue=\"" + text
                + "\" linktype=\"text\" data-itemshowtype=\"0\" tab=\"innerlink\" data-linktype=\"2\">" + text
                + "</a></p>";
    }

    /** A page of another series of the same account (CNVD漏洞周报), otherwise an issue page. */
    public static String otherSeriesPage(String mid) {
        String cnvd = "CNVD漏洞周报2024年第38期";
        return I39.html().replace(I39.title(), cnvd).replace(I39.mid(), mid).replace(I39.sn(), sn(mid));
    }

    /** The page without the sentence on mobile-app platforms and URLs: those counts are unstated. */
    public static String withoutMobileSentence(String page) {
        String sentence = "协调7个提供恶意移动应用程序下载服务的平台开展移动互联网恶意代码处理工作，共处理传播移动互联网恶意代码的恶意URL链接7个。";
        if (!page.contains(sentence)) {
            throw new IllegalStateException("sentence not in the page");
        }
        return page.replace(sentence, "");
    }

    /** The page padded with an HTML comment to at least {@code bytes} bytes. */
    public static String padded(String page, int bytes) {
        return page.replace("</body>", "<!-- " + "x".repeat(bytes) + " -->\n</body>");
    }

    /** The article body (#js_content) of a page: what a full-text feed carries. */
    public static String articleBody(String page) {
        return org.jsoup.Jsoup.parse(page).getElementById("js_content").outerHtml();
    }

    public static String sn(String mid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- feeds -------------------------------------------------------------------------------------------------

    /** An RSS document of the account with these items (the content module declared, for full-text items). */
    public static String rss(String items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
                + "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
                + "<title>国家互联网应急中心CNCERT</title><link>https://mp.weixin.qq.com</link>" + items
                + "</channel></rss>";
    }

    /** A link-only feed item: title and link, nothing else. */
    public static String linkItem(String title, String link) {
        return "<item><title>" + xmlText(title) + "</title><link>" + xmlText(link) + "</link></item>";
    }

    public static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
