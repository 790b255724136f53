package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.junit.jupiter.api.Test;

/**
 * Issues of the full-text format (about 2013–2020), built from the wording of issue 9 and NOTES-wechat.md: every
 * figure of each section, each title form, the old and the new incident wording, a text without a rating sentence
 * and a page with section headings only. Every column is asserted.
 */
class LegacyIssuesTest {

    static final String POSTURE = "本周网络安全基本态势\n本周，我国互联网网络安全状况整体评价为中。";
    static final String OLD_POSTURE = "本周网络安全基本态势\n本周，网络安全指数整体评价为中。";
    static final String VIRUS = "本周网络病毒活动情况\n本周境内感染网络病毒的主机数量约为61.3万个，其中包括境内被木马或被僵尸程序控制的主机约37.5万"
            + "以及境内感染飞客(conficker)蠕虫的主机约23.8万。\n本周，CNCERT捕获了新的网络病毒，按网络病毒名称统计新增21个，"
            + "按网络病毒家族统计新增2个。\n本周，CNCERT监测发现放马站点共涉及域名31个，涉及IP地址44个。在44个IP中，"
            + "通过IP直接访问的涉及3个IP。";
    static final String WEBSITES = "本周网站安全情况\n本周，CNCERT监测发现境内被篡改网站数量为2048个；境内被植入后门的网站数量为563个；"
            + "针对境内网站的仿冒页面数量为142个。\n本周境内被篡改政府网站(GOV类)数量为35个(约占境内1.7%)；"
            + "境内被植入后门的政府网站(GOV类)数量为12个(约占境内2.1%)；针对境内网站的仿冒页面涉及域名118个，IP地址47个。";
    static final String VULNERABILITIES = "本周重要漏洞情况\n本周，国家信息安全漏洞共享平台(CNVD)新收录网络安全漏洞317个，"
            + "信息安全漏洞威胁整体评价级别为中。其中，高危漏洞114个，中危漏洞172个，低危漏洞31个。";
    static final String OLD_INCIDENTS = "本周事件处理情况\n本周，CNCERT共处理了网络安全事件318起，其中跨境网络安全事件127起。"
            + "本周，CNCERT协调境内外域名注册机构、境外CERT等机构重点处理了204起网页仿冒投诉事件。";
    static final String NEW_INCIDENTS = "本周事件处理情况\n本周，CNCERT协调云服务商、域名注册服务机构、应用商店、各省分中心以及国际合作组织"
            + "共处理网络安全事件742起，含跨境网络安全事件618起。其中，协调境内外域名注册机构、境外CERT等机构重点处理677起仿冒投诉事件。"
            + "协调7个提供恶意移动应用程序下载服务的平台开展移动互联网恶意代码处理工作，共处理传播移动互联网恶意代码的恶意URL链接7个。";

    static Article article(String title, LocalDate published, String... sections) {
        return new Article(title, "国家互联网应急中心CNCERT", null, published, String.join("\n", sections), List.of(),
                List.of());
    }

    static Map<LegacyFigure, Integer> allFigures() {
        Map<LegacyFigure, Integer> figures = new EnumMap<>(LegacyFigure.class);
        figures.put(LegacyFigure.INFECTED_HOSTS, 613000);
        figures.put(LegacyFigure.BOTNET_HOSTS, 375000);
        figures.put(LegacyFigure.CONFICKER_HOSTS, 238000);
        figures.put(LegacyFigure.NEW_MALWARE_NAMES, 21);
        figures.put(LegacyFigure.NEW_MALWARE_FAMILIES, 2);
        figures.put(LegacyFigure.MALWARE_DOMAINS, 31);
        figures.put(LegacyFigure.MALWARE_IPS, 44);
        figures.put(LegacyFigure.MALWARE_DIRECT_IPS, 3);
        figures.put(LegacyFigure.DEFACED_SITES, 2048);
        figures.put(LegacyFigure.DEFACED_GOV_SITES, 35);
        figures.put(LegacyFigure.BACKDOORED_SITES, 563);
        figures.put(LegacyFigure.BACKDOORED_GOV_SITES, 12);
        figures.put(LegacyFigure.PHISHING_PAGES, 142);
        figures.put(LegacyFigure.PHISHING_DOMAINS, 118);
        figures.put(LegacyFigure.PHISHING_IPS, 47);
        figures.put(LegacyFigure.CNVD_VULNERABILITIES, 317);
        figures.put(LegacyFigure.CNVD_HIGH_RISK, 114);
        figures.put(LegacyFigure.CNVD_MEDIUM_RISK, 172);
        figures.put(LegacyFigure.CNVD_LOW_RISK, 31);
        return figures;
    }

    @Test
    void dottedTitleOldWordingEveryFigure() throws Exception {
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报(2014.03.10至2014.03.16)",
                LocalDate.of(2014, 3, 18), OLD_POSTURE, VIRUS, WEBSITES, VULNERABILITIES, OLD_INCIDENTS));
        assertThat(report.key()).isEqualTo(new ReportKey(2014, 11));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2014, 3, 10));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2014, 3, 16));
        assertThat(report.published()).isEqualTo(LocalDate.of(2014, 3, 18));
        assertThat(report.rating()).isEqualTo(Rating.MEDIUM);
        assertThat(report.incidentsTotal()).isEqualTo(318);
        assertThat(report.incidentsCrossBorder()).isEqualTo(127);
        assertThat(report.phishingComplaints()).isEqualTo(204);
        assertThat(report.maliciousAppPlatforms()).isNull();
        assertThat(report.maliciousUrls()).isNull();
        assertThat(report.legacyFigures()).isEqualTo(allFigures());
        assertThat(report.vulnerabilityLevel()).isEqualTo("中");
        assertThat(report.warnings()).containsExactly("issue number derived from the week (title has none)");
        assertThat(ReportValidator.suspectFigures(report)).isEmpty();
    }

    @Test
    void republishedTitleWithEmDashAndNewWording() throws Exception {
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                LocalDate.of(2021, 5, 6), POSTURE, VIRUS, WEBSITES, VULNERABILITIES, NEW_INCIDENTS));
        assertThat(report.key()).isEqualTo(new ReportKey(2019, 12));
        assertThat(report.periodStart()).isEqualTo(LocalDate.of(2019, 3, 18));
        assertThat(report.periodEnd()).isEqualTo(LocalDate.of(2019, 3, 24));
        assertThat(report.rating()).isEqualTo(Rating.MEDIUM);
        assertThat(report.incidentsTotal()).isEqualTo(742);
        assertThat(report.incidentsCrossBorder()).isEqualTo(618);
        assertThat(report.phishingComplaints()).isEqualTo(677);
        assertThat(report.maliciousAppPlatforms()).isEqualTo(7);
        assertThat(report.maliciousUrls()).isEqualTo(7);
        assertThat(report.legacyFigures()).isEqualTo(allFigures());
        assertThat(report.vulnerabilityLevel()).isEqualTo("中");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void spacedTitleWithoutRatingSentenceIsStillAnIssue() throws Exception {
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报 2018 年第 14 期",
                LocalDate.of(2018, 4, 10), "本周网络安全基本态势", VIRUS, WEBSITES));
        assertThat(report.key()).isEqualTo(new ReportKey(2018, 14));
        assertThat(report.rating()).isNull();
        assertThat(report.incidentsTotal()).isNull();
        assertThat(report.incidentsCrossBorder()).isNull();
        assertThat(report.phishingComplaints()).isNull();
        assertThat(report.figure(LegacyFigure.INFECTED_HOSTS)).isEqualTo(613000);
        assertThat(report.figure(LegacyFigure.PHISHING_IPS)).isEqualTo(47);
        assertThat(report.figure(LegacyFigure.CNVD_VULNERABILITIES)).isNull();
        assertThat(report.figure(LegacyFigure.CNVD_HIGH_RISK)).isNull();
        assertThat(report.vulnerabilityLevel()).isNull();
        assertThat(report.warnings()).contains("posture rating (整体评价) not found",
                "incident total (共处理网络安全事件) not found");
    }

    @Test
    void pageWithSectionHeadingsOnlyIsRecordedWithEmptyCells() throws Exception {
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2018年第14期",
                LocalDate.of(2018, 4, 10), "本周网络安全基本态势", "本周网络病毒活动情况", "本周网站安全情况",
                "本周重要漏洞情况", "本周事件处理情况"));
        assertThat(report.key()).isEqualTo(new ReportKey(2018, 14));
        assertThat(report.legacyFigures()).isEmpty();
        assertThat(report.incidentsTotal()).isNull();
        assertThat(report.rating()).isNull();
    }

    @Test
    void aPageOfAnotherKindWithTheTitleIsStillRejected() {
        assertThatThrownBy(() -> new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2018年第14期",
                LocalDate.of(2018, 4, 10), "本周网络安全基本态势。" + "这是一篇与周报无关的文字，讲述了其他内容。".repeat(8))))
                .isInstanceOfSatisfying(PageRejected.class,
                        rejected -> assertThat(rejected.problem()).isEqualTo(PageProblem.UNRECOGNISED));
    }

    @Test
    void partsAboveTheirWholesAndHostsThatDoNotAddUpAreWarnedAndMarked() throws Exception {
        String wrong = VIRUS.replace("约23.8万", "约3.8万").replace("通过IP直接访问的涉及3个IP", "通过IP直接访问的涉及50个IP");
        String wrongSites = WEBSITES.replace("(GOV类)数量为35个", "(GOV类)数量为3500个");
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                LocalDate.of(2021, 5, 6), POSTURE, wrong, wrongSites,
                VULNERABILITIES.replace("低危漏洞31个", "低危漏洞131个"), NEW_INCIDENTS));
        assertThat(report.warnings()).containsExactlyInAnyOrder(
                "defaced_gov_sites (3500) exceed defaced_sites (2048)",
                "malware_direct_ips (50) exceed malware_ips (44)",
                "botnet_hosts + conficker_hosts (375000 + 38000) differ from infected_hosts (613000)",
                "vulnerabilities by risk (417) exceed cnvd_vulnerabilities (317)");
        assertThat(ReportValidator.suspectFigures(report)).containsExactlyInAnyOrder(LegacyFigure.DEFACED_GOV_SITES,
                LegacyFigure.DEFACED_SITES, LegacyFigure.MALWARE_DIRECT_IPS, LegacyFigure.MALWARE_IPS,
                LegacyFigure.INFECTED_HOSTS, LegacyFigure.BOTNET_HOSTS, LegacyFigure.CONFICKER_HOSTS,
                LegacyFigure.CNVD_VULNERABILITIES, LegacyFigure.CNVD_HIGH_RISK, LegacyFigure.CNVD_MEDIUM_RISK,
                LegacyFigure.CNVD_LOW_RISK);
    }

    @Test
    void fullWidthParenthesesAndPlainHostCounts() throws Exception {
        String variant = VIRUS.replace("飞客(conficker)", "飞客（Conficker）").replace("约为61.3万个", "约为613000个");
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                LocalDate.of(2021, 5, 6), POSTURE, variant,
                WEBSITES.replace("(GOV类)", "（GOV类）"), NEW_INCIDENTS));
        assertThat(report.figure(LegacyFigure.INFECTED_HOSTS)).isEqualTo(613000);
        assertThat(report.figure(LegacyFigure.CONFICKER_HOSTS)).isEqualTo(238000);
        assertThat(report.figure(LegacyFigure.DEFACED_GOV_SITES)).isEqualTo(35);
        assertThat(report.figure(LegacyFigure.BACKDOORED_GOV_SITES)).isEqualTo(12);
    }

    @Test
    void aHundredThousandNumbersAfterTheFiguresAreLeftUnreadWithAWarning() throws Exception {
        // a recall list of every issue ever (a hostile or broken page): figures × numbers comparisons would not end
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            list.append("网络安全信息与动态周报").append(1900 + i / 500).append("年第").append(1 + i % 500).append("期\n");
        }
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                LocalDate.of(2021, 5, 6), POSTURE, VIRUS, WEBSITES, VULNERABILITIES, NEW_INCIDENTS, list.toString()));
        assertThat(report.figure(LegacyFigure.INFECTED_HOSTS)).isEqualTo(613000);
        assertThat(report.figure(LegacyFigure.CNVD_VULNERABILITIES)).isEqualTo(317);
        assertThat(report.warnings()).contains(
                "the text holds more than 5000 numbers: those after them were not read");
    }

    @Test
    void jsonRoundTripKeepsEveryFigure() throws Exception {
        Report report = new BulletinParser(Messages.english()).parse(article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                LocalDate.of(2021, 5, 6), POSTURE, VIRUS, WEBSITES, VULNERABILITIES, NEW_INCIDENTS));
        var json = ReportJson.toJson(report);
        assertThat(json.get("infected_hosts").asInt()).isEqualTo(613000);
        assertThat(json.get("vulnerability_threat_level").asText()).isEqualTo("中");
        assertThat(ReportJson.fromJson(json)).isEqualTo(report);
        json.remove(LegacyFigure.columns());
        assertThat(ReportJson.fromJson(json).legacyFigures()).as("a record written before").isEmpty();
    }

    @Test
    void warningsAreInTheRelaysLanguageChineseByDefault() throws Exception {
        Article article = article("网络安全信息与动态周报2019年第12期(3月18日—3月24日)", LocalDate.of(2021, 5, 6),
                POSTURE, WEBSITES.replace("(GOV类)数量为35个", "(GOV类)数量为3500个"));
        assertThat(new BulletinParser().parse(article).warnings()).containsExactly(
                "未找到事件总数（共处理网络安全事件）", "defaced_gov_sites（3500）超过 defaced_sites（2048）");
        assertThat(new BulletinParser(Messages.english()).parse(article).warnings()).containsExactly(
                "incident total (共处理网络安全事件) not found", "defaced_gov_sites (3500) exceed defaced_sites (2048)");
    }
}
