package org.cncertrelay.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue pages for the local server: the five real issues as live-page HTML (recall links pointed at the local
 * server), and made-up issues built from a real page by changing its title, identity and recall links.
 */
final class Bulletins {

    static final String BIZ = "MzIwNDk0MDgxMw==";
    static final String NAME = "网络安全信息与动态周报";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** One issue: what its page says and what its CSV row must say. {@code fixture} is null for made-up issues. */
    record Issue(String fixture, int year, int number, LocalDate start, LocalDate end, LocalDate published,
            String mid, String sn, Integer total, Integer crossBorder, Integer phishing, Integer platforms,
            Integer urls) {

        String title() {
            return NAME + year + "年第" + number + "期（" + start.getMonthValue() + "月" + start.getDayOfMonth() + "日-"
                    + end.getMonthValue() + "月" + end.getDayOfMonth() + "日）";
        }

        /** The canonical article URL the CSV must carry. */
        String canonicalUrl() {
            return "https://mp.weixin.qq.com/s?__biz=" + BIZ + "&mid=" + mid + "&idx=1&sn=" + sn;
        }

        /** The article on the local server, as WeChat links it (tracking parameters and all). */
        String url(String base) {
            return base + "/s?__biz=" + BIZ + "&mid=" + mid + "&idx=1&sn=" + sn;
        }

        /** How a recall link to this issue looks in a page: http, chksm, scene, #wechat_redirect. */
        String recallHref(String base) {
            return url(base) + "&chksm=973acd0aa04d441c&scene=21#wechat_redirect";
        }

        /** The same issue under another article identity (a real issue's mid and sn). */
        Issue withIdentity(String otherMid, String otherSn) {
            return new Issue(fixture, year, number, start, end, published, otherMid, otherSn, total, crossBorder,
                    phishing, platforms, urls);
        }

        String label() {
            return year + "年第" + number + "期";
        }
    }

    static final Issue I39 = new Issue("000_2c3649adac17a20f", 2024, 39, LocalDate.of(2024, 9, 23),
            LocalDate.of(2024, 9, 29), LocalDate.of(2024, 10, 9), "2247499384", "a6147bec24a7c347f26fafda8c96c2c4",
            742, 618, 677, 7, 7);
    static final Issue I29 = new Issue("001_60897e86e8836892", 2024, 29, LocalDate.of(2024, 7, 15),
            LocalDate.of(2024, 7, 21), LocalDate.of(2024, 7, 25), "2247499255", "01b008ffaf731eda6cab8a995872b6a8",
            177, 51, 152, 42, 80);
    static final Issue I9 = new Issue("002_b528b34d9054bae3", 2024, 9, LocalDate.of(2024, 2, 26),
            LocalDate.of(2024, 3, 3), LocalDate.of(2024, 3, 7), "2247499010", "d69b876ca352ebadcdab0fc4dfe5b635",
            103, 37, 74, 2, 2);
    static final Issue I45 = new Issue("003_3908a2fb016e7af9", 2024, 45, LocalDate.of(2024, 11, 4),
            LocalDate.of(2024, 11, 10), LocalDate.of(2024, 11, 14), "2247499468", "61fcaff6ef88b53c26ea431bff91d5dd",
            345, 255, 299, 4, 6);
    /** Its title's week has six days (4月22日-4月27日): the record carries a warning. */
    static final Issue I17 = new Issue("004_95f26e5095d0912a", 2024, 17, LocalDate.of(2024, 4, 22),
            LocalDate.of(2024, 4, 27), LocalDate.of(2024, 5, 4), "2247499123", "a88380a3beed037470aab773ba7a9c50",
            381, 149, 332, 5, 5);
    static final List<Issue> REAL = List.of(I39, I29, I9, I45, I17);

    private static final Pattern RECALL_SECTION =
            Pattern.compile("(<strong>近期回顾</strong></span></section>\n)(.*?)(\n     </div>)", Pattern.DOTALL);
    private static final Pattern DATA_SRC = Pattern.compile("data-src=\"([^\"]+)\"");

    private Bulletins() {
    }

    static String resource(String path) {
        try (InputStream in = Bulletins.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fixturePage(String name) {
        return resource("wechat/" + name + ".html");
    }

    /** A real issue's live page with its recall links (近期回顾) pointing at {@code base} instead of WeChat. */
    static String realPage(Issue issue, String base) {
        return fixturePage(issue.fixture()).replace("href=\"http://mp.weixin.qq.com/s?", "href=\"" + base + "/s?");
    }

    /** The chart images of a real issue's page, in page order, as the CSV must list them. */
    static List<String> chartImages(Issue issue) {
        String html = fixturePage(issue.fixture());
        String body = html.substring(html.indexOf("id=\"js_content\""), html.indexOf("近期回顾"));
        Matcher matcher = DATA_SRC.matcher(body);
        List<String> images = new java.util.ArrayList<>();
        while (matcher.find()) {
            images.add(matcher.group(1).replace("&amp;", "&"));
        }
        return images;
    }

    /**
     * A made-up issue of {@code year}: week {@code number} (Monday to Sunday), published the Thursday after, with
     * the counts of 2024年第39期. Its mid and sn are derived from year and number.
     */
    static Issue madeUp(int year, int number) {
        LocalDate firstMonday = LocalDate.of(year, 1, 4).with(java.time.DayOfWeek.MONDAY);
        LocalDate start = firstMonday.plusWeeks(number - 1L);
        String mid = Long.toString(3_000_000_000L + year * 1000L + number);
        return new Issue(null, year, number, start, start.plusDays(6), start.plusDays(10), mid, sn(mid),
                742, 618, 677, 7, 7);
    }

    /** The page of a made-up issue, listing {@code recallLinks} (built with {@link #link}) under 近期回顾. */
    static String page(Issue issue, String... recallLinks) {
        return withRecall(as(issue, fixturePage(I39.fixture())), recallLinks);
    }

    /** Rewrites 2024年第39期's page as {@code issue}'s: title, identity, publish time. */
    private static String as(Issue issue, String page39) {
        long ct = issue.published().atTime(LocalTime.of(17, 3)).atZone(SHANGHAI).toEpochSecond();
        return page39.replace(I39.title(), issue.title())
                .replace(I39.mid(), issue.mid())
                .replace(I39.sn(), issue.sn())
                .replace("\"1728464580\"", "\"" + ct + "\"")
                .replace("2024-10-09 17:03", issue.published() + " 17:03");
    }

    static String withRecall(String page, String... recallLinks) {
        Matcher section = RECALL_SECTION.matcher(page);
        if (!section.find()) {
            throw new IllegalStateException("no 近期回顾 section");
        }
        return page.substring(0, section.start(2)) + String.join("\n", recallLinks) + page.substring(section.end(2));
    }

    /** A recall link as WeChat writes it: the href HTML-escaped, the title in textvalue and as the text. */
    static String link(String href, String text) {
        return "<p>●<a target=\"_blank\" href=\"" + href.replace("&", "&amp;") + "\" textvalue=\"" + text
                + "\" linktype=\"text\" data-itemshowtype=\"0\" tab=\"innerlink\" data-linktype=\"2\">" + text
                + "</a></p>";
    }

    /** A recall link to {@code issue} on the local server. */
    static String link(Issue issue, String base) {
        return link(issue.recallHref(base), issue.title());
    }

    /** A page of another series of the same account (CNVD漏洞周报), otherwise an issue page. */
    static String otherSeriesPage(String mid) {
        String cnvd = "CNVD漏洞周报2024年第38期";
        return fixturePage(I39.fixture()).replace(I39.title(), cnvd).replace(I39.mid(), mid)
                .replace(I39.sn(), sn(mid));
    }

    /** {@code issue}'s page without the sentence on mobile-app platforms and URLs: those counts are unstated. */
    static String withoutMobileSentence(String page) {
        String sentence = "协调7个提供恶意移动应用程序下载服务的平台开展移动互联网恶意代码处理工作，共处理传播移动互联网恶意代码的恶意URL链接7个。";
        if (!page.contains(sentence)) {
            throw new IllegalStateException("sentence not in the page");
        }
        return page.replace(sentence, "");
    }

    /** The page padded with an HTML comment to at least {@code bytes} bytes. */
    static String padded(String page, int bytes) {
        return page.replace("</body>", "<!-- " + "x".repeat(bytes) + " -->\n</body>");
    }

    /** The article body (#js_content) of a page: what a full-text feed carries. */
    static String articleBody(String page) {
        return org.jsoup.Jsoup.parse(page).getElementById("js_content").outerHtml();
    }

    static String sn(String mid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
