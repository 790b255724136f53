package org.cncertrelay.testing;

import java.time.LocalDate;
import java.util.List;

import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;

/**
 * Bulletin records for unit tests: issue N of 2024 covers the N-th week from 2024-01-01 (Monday to Sunday), is
 * published three days after it, rated 良, titled {@code 网络安全信息与动态周报2024年第N期}. The counts, link,
 * account, charts and warnings are the test's to choose; unless it does, the counts are derived from the total.
 */
public final class Reports {

    private int issue;
    private Integer total;
    private Integer crossBorder;
    private Integer phishing;
    private Integer platforms;
    private Integer urls;
    private String url;
    private String account = "国家互联网应急中心CNCERT";
    private List<String> charts = List.of();
    private List<String> warnings = List.of();
    private String title;

    private Reports() {
    }

    /** Issue {@code issue} of 2024 with {@code total} incidents, a tenth of them cross-border. */
    public static Reports issue(int issue, Integer total) {
        Reports report = new Reports();
        report.issue = issue;
        report.total = total;
        report.crossBorder = total == null ? null : total / 10;
        report.phishing = 40 + issue;
        report.platforms = 3;
        report.urls = 100 + issue;
        report.url = "https://www.cert.org.cn/publish/main/44/2024/" + issue + ".html";
        return report;
    }

    /** 第38期 with 177 incidents and 第39期 with 742: +319%. */
    public static List<Report> weeks38And39() {
        return List.of(issue(38, 177).build(), issue(39, 742).build());
    }

    /**
     * What a record sink receives for {@code report}: the versioned document of a published record (the generic
     * webhook's), of which the sinks read the report.
     */
    public static String sinkDocument(Report report) {
        return "{\"schema\":\"cncert-relay.report/v1\",\"event\":\"report.published\",\"report\":"
                + ReportJson.toJson(report) + "}";
    }

    public Reports counts(Integer crossBorder, Integer phishing, Integer platforms, Integer urls) {
        this.crossBorder = crossBorder;
        this.phishing = phishing;
        this.platforms = platforms;
        this.urls = urls;
        return this;
    }

    public Reports url(String url) {
        this.url = url;
        return this;
    }

    public Reports account(String account) {
        this.account = account;
        return this;
    }

    public Reports charts(List<String> charts) {
        this.charts = charts;
        return this;
    }

    /** A title other than the bulletin's usual {@code 网络安全信息与动态周报2024年第N期}. */
    public Reports title(String title) {
        this.title = title;
        return this;
    }

    public Reports warnings(List<String> warnings) {
        this.warnings = warnings;
        return this;
    }

    public Report build() {
        LocalDate start = LocalDate.of(2024, 1, 1).plusWeeks(issue - 1);
        return new Report(2024, issue, start, start.plusDays(6), start.plusDays(9), Rating.GOOD, total, crossBorder,
                phishing, platforms, urls, title != null ? title : "网络安全信息与动态周报2024年第" + issue + "期", url,
                account, charts, warnings);
    }
}
