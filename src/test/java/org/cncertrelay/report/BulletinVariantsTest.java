package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The variations of the bulletin's text and page that real issues show (NOTES-wechat.md), one at a time. */
class BulletinVariantsTest {

    static long epoch(String day, int hour, int minute) {
        return LocalDateTime.of(LocalDate.parse(day), java.time.LocalTime.of(hour, minute))
                .atZone(ZoneId.of("Asia/Shanghai")).toEpochSecond();
    }

    static long epoch(String day) {
        return epoch(day, 17, 3);
    }

    private static void assertCounts(Report report, Integer total, Integer crossBorder, Integer phishing,
            Integer platforms, Integer urls) {
        assertThat(report.incidentsTotal()).as("total").isEqualTo(total);
        assertThat(report.incidentsCrossBorder()).as("cross-border").isEqualTo(crossBorder);
        assertThat(report.phishingComplaints()).as("phishing").isEqualTo(phishing);
        assertThat(report.maliciousAppPlatforms()).as("platforms").isEqualTo(platforms);
        assertThat(report.maliciousUrls()).as("urls").isEqualTo(urls);
    }

    // ---- the incident paragraph

    @Test
    void semicolonBeforeTheAppSentence() throws Exception {
        Report report = Variant.issue39().incidents(Variant.INCIDENTS.replace("仿冒投诉事件。协调", "仿冒投诉事件；协调"))
                .report();
        assertCounts(report, 742, 618, 677, 7, 7);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void typosOfRealIssues() throws Exception {
        Report report = Variant.issue39().incidents(Variant.INCIDENTS.replace("跨境网络安全事件618起", "跨境网络安全事149起")
                .replace("重点处理677起", "重点处332起").replace("恶意URL链接7个", "恶意URL链16个")).report();
        assertCounts(report, 742, 149, 332, 7, 16);
    }

    @Test
    void straySpacesAndNonBreakingSpacesInsideWordsAndAroundNumbers() throws Exception {
        String spaced = Variant.INCIDENTS.replace("共处理网络安全事件742起", "共处理网络 安全事件 742 起")
                .replace("跨境网络安全事件618起", "跨境网络安全\u00a0事件\u3000618\u2009起")
                .replace("仿冒投诉事件", "仿冒投诉事 件").replace("重点处理677起", "重点处\u200b理 677起")
                .replace("协调7个", "协调 7 个").replace("恶意URL链接7个", "恶意 URL 链接\u00a07\u00a0个");
        String pageHtml = spaced.replace("\u00a0", "&nbsp;");
        Report report = Variant.issue39().incidents(pageHtml, spaced).report();
        assertCounts(report, 742, 618, 677, 7, 7);
    }

    @Test
    void wordsSplitOverSpansInThePage() throws Exception {
        String split = Variant.INCIDENTS.replace("共处理网络安全事件742起", "共处理网络安全事</span><span>件742</span>"
                + "<span style=\"color:red\"> 起").replace("重点处理677起", "重点处理<strong>677</strong>起");
        Report report = Variant.issue39().html(Variant.INCIDENTS, split).report();
        assertCounts(report, 742, 618, 677, 7, 7);
    }

    @Test
    void withoutTheMobileAppSentenceItsCountsAreUnknownNotZero() throws Exception {
        String withoutApps = Variant.INCIDENTS.substring(0, Variant.INCIDENTS.indexOf("协调7个"));
        Report report = Variant.issue39().incidents(withoutApps).report();
        assertCounts(report, 742, 618, 677, null, null);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aCountTooLargeToBeTrueIsARecordWithAWarningNotACrash() throws Exception {
        Report report = Variant.issue39()
                .incidents(Variant.INCIDENTS.replace("事件742起", "事件99999999999999起")).fromSnapshot();
        assertThat(report.incidentsTotal()).isNull();
        assertThat(report.incidentsCrossBorder()).isEqualTo(618);
    }

    @ParameterizedTest
    @ValueSource(strings = {"优", "良", "中", "差", "危"})
    void everyRating(String rating) throws Exception {
        Report report = Variant.issue39().replace("整体评价为良。我国", "整体评价为" + rating + "。我国").report();
        assertThat(report.rating()).isEqualTo(Rating.fromChinese(rating));
    }

    @Test
    void ratingInQuotes() throws Exception {
        Report report = Variant.issue39().replace("整体评价为良。我国", "整体评价为“中”。我国").report();
        assertThat(report.rating()).isEqualTo(Rating.MEDIUM);
    }

    // ---- chart images

    private static Variant withImages(int count, int splitAfter) {
        StringBuilder page = new StringBuilder("<p style=\"text-align:center;\">");
        StringBuilder snap = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String url = "https://mmbiz.qpic.cn/sz_mmbiz_png/CHART" + i + "/640?wx_fmt=png&from=appmsg";
            page.append("<img class=\"rich_pages wxw-img\" data-src=\"").append(url.replace("&", "&amp;"))
                    .append("\" src=\"data:image/svg+xml,%3Csvg%3E\">");
            snap.append("![](").append(url).append(')');
            if (i == splitAfter) {
                page.append("</p>\n<p><br></p>\n<p style=\"text-align:center;\">");
                snap.append("\n\n");
            }
        }
        page.append("</p>");
        Variant variant = Variant.issue39();
        variant.html = variant.html.replaceFirst("<p style=\"text-align:center;\"><img[\\s\\S]*?</p>",
                Matcher.quoteReplacement(page.toString()));
        variant.snapshot = variant.snapshot.replaceFirst("(!\\[\\]\\(https://mmbiz[^)]*\\))+",
                Matcher.quoteReplacement(snap.toString()));
        return variant;
    }

    private static List<String> charts(int count) {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            urls.add("https://mmbiz.qpic.cn/sz_mmbiz_png/CHART" + i + "/640?wx_fmt=png&from=appmsg");
        }
        return urls;
    }

    @Test
    void twoChartImages() throws Exception {
        assertThat(withImages(2, -1).report().chartImages()).isEqualTo(charts(2));
    }

    @Test
    void eightChartImages() throws Exception {
        assertThat(withImages(8, -1).report().chartImages()).isEqualTo(charts(8));
    }

    @Test
    void chartImagesOverTwoParagraphs() throws Exception {
        assertThat(withImages(5, 3).report().chartImages()).isEqualTo(charts(5));
    }

    @Test
    void theCoverImageIsNeverAChart() throws Exception {
        Variant variant = Variant.issue39().html("<section style=\"text-align:center;\"><span style=\"font-size:17px;\">"
                + "<strong>本周网络安全基本态势", "<p><img data-src=\"https://mmbiz.qpic.cn/sz_mmbiz_jpg/COVER/0?wx_fmt=jpeg\">"
                + "</p><section style=\"text-align:center;\"><span style=\"font-size:17px;\"><strong>本周网络安全基本态势");
        assertThat(variant.report().chartImages()).hasSize(5).noneMatch(url -> url.contains("COVER"));
    }

    @Test
    void aSnapshotWithoutRecallCountsNoPageChromeAsCharts() throws Exception {
        Variant variant = Variant.issue39();
        variant.snapshot = variant.snapshot.replace("近期回顾", "");
        assertThat(variant.fromSnapshot().chartImages()).hasSize(5);
    }

    @Test
    void aRecallHeadingSplitOverSpans() throws Exception {
        Variant variant = Variant.issue39().html("<strong>近期回顾</strong>", "<strong>近期</strong><strong>回顾</strong>");
        Article article = variant.pageArticle();
        assertThat(article.recallLinks()).hasSize(5);
        assertThat(article.images()).hasSize(5);
    }

    // ---- recall list

    @Test
    void recallItemsWithoutALinkAreSkipped() throws Exception {
        Variant variant = Variant.issue39();
        variant.html = variant.html.replaceFirst(
                "<a target=\"_blank\" href=\"[^\"]*\" textvalue=\"([^\"]*)\"[^>]*>[^<]*</a>", "$1");
        variant.snapshot = variant.snapshot.replaceFirst("●\\[([^\\]]*)\\]\\([^)]*\\)", "●$1");
        for (Article article : List.of(variant.pageArticle(), variant.snapshotArticle())) {
            assertThat(article.recallLinks()).hasSize(4);
            assertThat(article.recallLinks().get(0).text()).isEqualTo("网络安全信息与动态周报2024年第37期（9月9日-9月15日）");
            assertThat(article.recallLinks()).allSatisfy(link -> assertThat(link.href()).startsWith("http://mp.weixin"));
        }
        assertThat(variant.report().incidentsTotal()).isEqualTo(742);
    }

    // ---- titles and weeks

    @Test
    void asciiParentheses() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2024年第39期(9月23日-9月29日)").report();
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2024, 9, 23));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2024, 9, 29));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void crossYearWeekWithYears() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2025年第1期（2024年12月30日-2025年1月5日）")
                .published("2025-01-09", epoch("2025-01-09")).report();
        assertThat(report.key()).isEqualTo(new ReportKey(2025, 1));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2025, 1, 5));
        assertThat(report.published()).isEqualTo(LocalDate.of(2025, 1, 9));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void crossYearWeekWithoutYearsInTheRange() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2025年第1期（12月30日-1月5日）")
                .published("2025-01-09", epoch("2025-01-09")).report();
        assertThat(report.key()).isEqualTo(new ReportKey(2025, 1));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2025, 1, 5));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void lastWeekOfTheYearPublishedInJanuary() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2024年第52期（12月23日-12月29日）")
                .published("2025-01-03", epoch("2025-01-03")).report();
        assertThat(report.key()).isEqualTo(new ReportKey(2024, 52));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2024, 12, 23));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2024, 12, 29));
        assertThat(report.published()).isEqualTo(LocalDate.of(2025, 1, 3));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void oldTitleWithDottedWeek() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报(2014.02.03至2014.02.09)").report();
        assertThat(report.key()).isEqualTo(new ReportKey(2014, 6));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2014, 2, 3));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2014, 2, 9));
        assertThat(report.title()).isEqualTo("网络安全信息与动态周报(2014.02.03至2014.02.09)");
        assertThat(report.warnings()).contains("issue number derived from the week (title has none)");
    }

    @Test
    void oldTitleWithDottedWeekInTheFiftyThirdWeek() throws Exception {
        // ISO week 53 of 2015 ends on 2016-01-03: the number belongs to 2015, so must the key
        Report report = Variant.issue39().title("网络安全信息与动态周报(2015.12.28至2016.01.03)").report();
        assertThat(report.key()).isEqualTo(new ReportKey(2015, 53));
    }

    @Test
    void anImpossibleDateInTheTitleIsNotACrash() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2014年第9期(2014.02.30至2014.03.06)").report();
        assertThat(report.key()).isEqualTo(new ReportKey(2014, 9));
        assertThat(report.periodStart()).isNull();
        assertThat(report.warnings()).contains("week not found in the title");
    }

    @Test
    void oldTitleWithIssueNumberOnly() throws Exception {
        Report report = Variant.issue39().title("网络安全信息与动态周报2018年第14期").report();
        assertThat(report.key()).isEqualTo(new ReportKey(2018, 14));
        assertThat(report.periodStart()).isNull();
        assertThat(report.periodEnd()).isNull();
        assertThat(report.warnings()).containsExactly("week not found in the title");
    }

    // ---- page chrome

    @Test
    void anotherDisplayNameOfTheAccount() throws Exception {
        Report report = Variant.issue39().replace("国家互联网应急中心CNCERT", "CNCERT风险评估").report();
        assertThat(report.account()).isEqualTo("CNCERT风险评估");
    }

    @Test
    void olderPageWithH2TitleAndNoOgTitle() throws Exception {
        Variant variant = Variant.issue39()
                .html("<meta property=\"og:title\" content=\"" + Variant.TITLE + "\">", "")
                .html("<h1 class=\"rich_media_title \" id=\"activity-name\">", "<h2 class=\"rich_media_title\">")
                .html("</h1>", "</h2>")
                .html("var msg_title = '" + Variant.TITLE + "'.html(false);", "")
                .html("<title>" + Variant.TITLE + "</title>", "<title></title>");
        Report report = variant.fromPage();
        assertThat(report.title()).isEqualTo(Variant.TITLE);
        assertThat(report.key()).isEqualTo(new ReportKey(2024, 39));
    }

    @Test
    void titleFromTheScriptWhenThePageHasNoOther() throws Exception {
        Variant variant = Variant.issue39()
                .html("<meta property=\"og:title\" content=\"" + Variant.TITLE + "\">", "")
                .html("<h1 class=\"rich_media_title \" id=\"activity-name\">", "<h1 class=\"rich_media_title\">")
                .html("            " + Variant.TITLE + "\n     </h1>", "</h1>")
                .html("<title>" + Variant.TITLE + "</title>", "<title></title>");
        assertThat(variant.fromPage().title()).isEqualTo(Variant.TITLE);
    }

    @Test
    void createTimeWithoutCt() throws Exception {
        Report report = Variant.issue39().html("var ct = \"1728464580\";", "").fromPage();
        assertThat(report.published()).isEqualTo(LocalDate.of(2024, 10, 9));
    }

    @Test
    void ctIsReadInShanghaiTime() throws Exception {
        // 00:30 in Beijing is still the day before in UTC
        Report report = Variant.issue39().html("var ct = \"1728464580\"",
                "var ct = \"" + epoch("2024-10-09", 0, 30) + "\"").html("var createTime = '2024-10-09 17:03';", "")
                .fromPage();
        assertThat(report.published()).isEqualTo(LocalDate.of(2024, 10, 9));
    }

    @Test
    void accountFromTheScriptWhenTheChromeIsMissing() throws Exception {
        Variant variant = Variant.issue39().html("id=\"js_name\"", "")
                .html("<div class=\"wx_follow_nickname\">国家互联网应急中心CNCERT</div>", "");
        assertThat(variant.fromPage().account()).isEqualTo("国家互联网应急中心CNCERT");
    }

    @Test
    void accountFromTheFollowCardBelowALongBody() throws Exception {
        // A long body is surely an article, so the page is read only up to the end of #js_content, unless
        // something is missing there: here the account, which only the follow card below the body names.
        String recall = "<section style=\"text-align:center;\"><span style=\"font-size:17px;\"><strong>近期回顾</strong>";
        Variant variant = Variant.issue39().html("id=\"js_name\"", "")
                .html("var nickname = htmlDecode(\"国家互联网应急中心CNCERT\");", "")
                .html(recall, "<p>" + "本段只为加长正文。".repeat(60) + "</p>" + recall);
        assertThat(variant.fromPage().account()).isEqualTo("国家互联网应急中心CNCERT");
        assertThat(Variant.issue39().html(recall, "<p>" + "本段只为加长正文。".repeat(60) + "</p>" + recall)
                .fromPage().account()).isEqualTo("国家互联网应急中心CNCERT");
    }

    @Test
    void linksWithEscapedAmpersandsAreDecoded() throws Exception {
        Article article = Variant.issue39().pageArticle();
        assertThat(article.recallLinks()).allSatisfy(link -> assertThat(link.href()).doesNotContain("&amp;"));
        assertThat(article.images()).allSatisfy(url -> assertThat(url).doesNotContain("&amp;"));
    }

    @Test
    void scriptVariablesDeclaredAsFallbackChains() throws Exception {
        Report report = Variant.issue39().html("var mid = \"2247499384\" || \"\" || \"\";",
                "var mid = \"\" || \"\" || \"2247499384\";").html("var idx = \"1\" || \"\" ;", "var idx = '' || '1';")
                .fromPage();
        assertThat(report.url()).isEqualTo(
                "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1&sn=a6147bec24a7c347f26fafda8c96c2c4");
    }

    @Test
    void jsContentFoundByIdWhateverItsClassAttributeHolds() throws Exception {
        Variant variant = Variant.issue39();
        variant.html = variant.html.replaceFirst("<div class=\"rich_media_content[^\"]*\" id=\"js_content\"",
                "<div\n  id=\"js_content\"\r\n  class=\"\n\trich_media_content\r\n js_underline_content\n\"");
        assertThat(variant.fromPage()).isEqualTo(Variant.issue39().fromPage());
    }

    @Test
    void aFeedItemCarryingTheWholePage() throws Exception {
        Variant variant = Variant.issue39();
        Report report = new BulletinParser(Messages.english()).parse(new org.cncertrelay.page.WechatPageReader().readFragment(
                variant.html, null, null, LocalDate.of(2024, 10, 9)));
        assertThat(report).isEqualTo(variant.fromPage());
    }
}
