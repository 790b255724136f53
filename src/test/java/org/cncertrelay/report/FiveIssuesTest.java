package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five real issues, each read twice, from the live-page HTML and from the archived snapshot: every field of the
 * record is asserted, and both sources must give the same record.
 */
class FiveIssuesTest {

    private static final String IMG = "https://mmbiz.qpic.cn/sz_mmbiz_png/";
    private static final String IMG_TAIL = "/640?wx_fmt=png&from=appmsg";

    record Expected(String seed, int issue, String title, LocalDate start, LocalDate end, LocalDate published,
            int total, int crossBorder, int phishing, int platforms, int urls, String mid, String sn,
            String firstImage, String lastImage, String firstRecall, String lastRecall, List<String> warnings) {
    }

    static Stream<Expected> issues() {
        return Stream.of(
                new Expected("000_2c3649adac17a20f", 39, "网络安全信息与动态周报2024年第39期（9月23日-9月29日）",
                        LocalDate.of(2024, 9, 23), LocalDate.of(2024, 9, 29), LocalDate.of(2024, 10, 9),
                        742, 618, 677, 7, 7, "2247499384", "a6147bec24a7c347f26fafda8c96c2c4",
                        "1HvTteAHz653mGT3SxF4bmc9kZB6Wo5sp8rgRuiawH9KboWeFxZKIuAElCMa2Q4hXbC6pLVyNbK9sAp3zEDQnuQ",
                        "1HvTteAHz653mGT3SxF4bmc9kZB6Wo5sfYOFgVLoUX1rczTlfOGPoklQf9f1eWwjBXQayMA07iafGjyLta33rxg",
                        "网络安全信息与动态周报2024年第38期（9月16日-9月22日）",
                        "网络安全信息与动态周报2024年第34期（8月19日-8月25日）", List.of()),
                new Expected("001_60897e86e8836892", 29, "网络安全信息与动态周报2024年第29期（7月15日-7月21日）",
                        LocalDate.of(2024, 7, 15), LocalDate.of(2024, 7, 21), LocalDate.of(2024, 7, 25),
                        177, 51, 152, 42, 80, "2247499255", "01b008ffaf731eda6cab8a995872b6a8",
                        "1HvTteAHz67pbmwt8ZSVqpogwfLMECWK3l8ewFNY1hhNEde5uzswicNzDXVLLSMKibibaypd0TKiaBQpn6JulC8pdg",
                        "1HvTteAHz67pbmwt8ZSVqpogwfLMECWKBtwLg5icibVEmibtCoxdTrUZuFGqgk0t5KP5ya7caPFItRSrc5XVOuQXg",
                        "网络安全信息与动态周报2024年第28期（7月8日-7月14日）",
                        "网络安全信息与动态周报2024年第24期（6月10日-6月16日）", List.of()),
                new Expected("002_b528b34d9054bae3", 9, "网络安全信息与动态周报2024年第9期（2月26日-3月3日）",
                        LocalDate.of(2024, 2, 26), LocalDate.of(2024, 3, 3), LocalDate.of(2024, 3, 7),
                        103, 37, 74, 2, 2, "2247499010", "d69b876ca352ebadcdab0fc4dfe5b635",
                        "1HvTteAHz65bvlaks1kddtLoGLwL0QGcqqK5RwIsxOXiaSRmQt3dYm3joNxXyHd4BpibfnKibibicppHbNkK1nyyic6w",
                        "1HvTteAHz65bvlaks1kddtLoGLwL0QGcRpHcsrBNibvgE5LHW7Sl4yyUicbjRRJJlK4ic9dKDrN5RtBiaf26ViayvuQ",
                        "网络安全信息与动态周报2024年第8期（2月19日-2月25日）",
                        "网络安全信息与动态周报2024年第4期（1月22日-1月28日）", List.of()),
                new Expected("003_3908a2fb016e7af9", 45, "网络安全信息与动态周报2024年第45期（11月4日-11月10日）",
                        LocalDate.of(2024, 11, 4), LocalDate.of(2024, 11, 10), LocalDate.of(2024, 11, 14),
                        345, 255, 299, 4, 6, "2247499468", "61fcaff6ef88b53c26ea431bff91d5dd",
                        "1HvTteAHz66T7dDje99Gtlv2IamcL33WMRgTV1eGIgjODmPMMicZkFlG0zSr9LLr6buibViaiayXpRpnYiaBZAZkYyQ",
                        "1HvTteAHz66T7dDje99Gtlv2IamcL33WhiaLsMrOkN6QeTBTggtznj0nEF0Fg8h089ibSG0KuhO3P17ZpNVP8ERw",
                        "网络安全信息与动态周报2024年第44期（10月28日-11月3日）",
                        "网络安全信息与动态周报2024年第40期（9月30日-10月6日）", List.of()),
                // the week in this issue's own title has 6 days; its text has the typos 跨境网络安全事 and 重点处
                new Expected("004_95f26e5095d0912a", 17, "网络安全信息与动态周报2024年第17期（4月22日-4月27日）",
                        LocalDate.of(2024, 4, 22), LocalDate.of(2024, 4, 27), LocalDate.of(2024, 5, 4),
                        381, 149, 332, 5, 5, "2247499123", "a88380a3beed037470aab773ba7a9c50",
                        "1HvTteAHz66LjvsZzEvCogOQJlRKgxzdJmrj6zNqPYd3iaXoQ68vkvM37uV48MVjh5O6pXKrZD9ibCPpJzdgQZKA",
                        "1HvTteAHz66LjvsZzEvCogOQJlRKgxzdA7ETib1EZFDoic5unqR8gVdTWXic5jEcaF7zRfPTrtYnkS8ibMtHOSKfyQ",
                        "网络安全信息与动态周报2024年第16期（4月15日-4月21日）",
                        "网络安全信息与动态周报2024年第12期（3月18日-3月24日）",
                        List.of("week spans 6 days (2024-04-22..2024-04-27), expected 7")));
    }

    private final BulletinParser parser = new BulletinParser(Messages.english());

    @ParameterizedTest
    @MethodSource("issues")
    void pageHtml(Expected expected) throws Exception {
        Article article = Fixtures.readPage(Fixtures.page(expected.seed()),
                Fixtures.pageUri(expected.mid(), expected.sn()));
        assertArticle(article, expected);
        assertReport(parser.parse(article), expected);
    }

    @ParameterizedTest
    @MethodSource("issues")
    void pageHtmlWithoutKnowingWhereItCameFrom(Expected expected) throws Exception {
        // a page saved from a browser: identity comes from the inline script alone
        Article article = Fixtures.readPage(Fixtures.page(expected.seed()), null);
        assertReport(parser.parse(article), expected);
    }

    @ParameterizedTest
    @MethodSource("issues")
    void snapshot(Expected expected) throws Exception {
        Article article = Fixtures.readSnapshot(Fixtures.seed(expected.seed()));
        assertArticle(article, expected);
        assertReport(parser.parse(article), expected);
    }

    @ParameterizedTest
    @MethodSource("issues")
    void pageAndSnapshotGiveTheSameRecord(Expected expected) throws Exception {
        Report fromPage = parser.parse(Fixtures.readPage(Fixtures.page(expected.seed()),
                Fixtures.pageUri(expected.mid(), expected.sn())));
        Report fromSnapshot = parser.parse(Fixtures.readSnapshot(Fixtures.seed(expected.seed())));
        assertThat(fromPage).isEqualTo(fromSnapshot);
        assertThat(fromPage.key()).isEqualTo(new ReportKey(2024, expected.issue()));
    }

    private static void assertArticle(Article article, Expected expected) {
        assertThat(article.recallLinks()).hasSize(5).allSatisfy(link -> {
            assertThat(link.text()).startsWith("网络安全信息与动态周报2024年第").endsWith("日）");
            assertThat(link.href()).startsWith("http://mp.weixin.qq.com/s?__biz=" + Fixtures.BIZ + "&mid=")
                    .containsPattern("&idx=\\d&sn=[0-9a-f]{32}&chksm=").endsWith("&scene=21#wechat_redirect")
                    .doesNotContain("&amp;");
        });
        assertThat(article.recallLinks().get(0).text()).isEqualTo(expected.firstRecall());
        assertThat(article.recallLinks().get(4).text()).isEqualTo(expected.lastRecall());
        assertThat(article.address().key()).isEqualTo("wechat:" + Fixtures.BIZ + ":" + expected.mid() + ":1");
    }

    private static void assertReport(Report report, Expected expected) {
        assertThat(report.year()).isEqualTo(2024);
        assertThat(report.issue()).isEqualTo(expected.issue());
        assertThat(report.label()).isEqualTo("2024年第" + expected.issue() + "期");
        assertThat(report.periodStart()).isEqualTo(expected.start());
        assertThat(report.periodEnd()).isEqualTo(expected.end());
        assertThat(report.published()).isEqualTo(expected.published());
        assertThat(report.rating()).isEqualTo(Rating.GOOD);
        assertThat(report.incidentsTotal()).isEqualTo(expected.total());
        assertThat(report.incidentsCrossBorder()).isEqualTo(expected.crossBorder());
        assertThat(report.phishingComplaints()).isEqualTo(expected.phishing());
        assertThat(report.maliciousAppPlatforms()).isEqualTo(expected.platforms());
        assertThat(report.maliciousUrls()).isEqualTo(expected.urls());
        assertThat(report.title()).isEqualTo(expected.title());
        assertThat(report.url()).isEqualTo("https://mp.weixin.qq.com/s?__biz=" + Fixtures.BIZ + "&mid="
                + expected.mid() + "&idx=1&sn=" + expected.sn());
        assertThat(report.account()).isEqualTo("国家互联网应急中心CNCERT");
        assertThat(report.chartImages()).hasSize(5)
                .allSatisfy(url -> assertThat(url).startsWith(IMG).endsWith(IMG_TAIL).doesNotContain("COVER"))
                .doesNotHaveDuplicates();
        assertThat(report.chartImages().get(0)).isEqualTo(IMG + expected.firstImage() + IMG_TAIL);
        assertThat(report.chartImages().get(4)).isEqualTo(IMG + expected.lastImage() + IMG_TAIL);
        assertThat(report.warnings()).isEqualTo(expected.warnings());
    }
}
