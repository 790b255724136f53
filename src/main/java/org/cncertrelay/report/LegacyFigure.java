package org.cncertrelay.report;

import java.util.List;

import org.cncertrelay.report.FigureReader.Wording;

/**
 * The figures the full-text bulletin of about 2013–2020 states beyond today's five counts, in the bulletin's order,
 * with the column (and JSON field) name each has, after today's columns. Approximate figures in 万 keep the stated
 * precision: 约61.3万 is 613000.
 */
public enum LegacyFigure {
    // 本周网络病毒活动情况
    INFECTED_HOSTS("infected_hosts", null, w("感染网络病毒的主机数量", ""), w("感染网络病毒的主机", "")),
    BOTNET_HOSTS("botnet_hosts", null, w("被木马或被僵尸程序控制的主机", ""), w("被木马或僵尸程序控制的主机", "")),
    CONFICKER_HOSTS("conficker_hosts", null, w("感染飞客(conficker)蠕虫的主机", ""), w("感染飞客蠕虫的主机", ""),
            w("感染conficker蠕虫的主机", "")),
    NEW_MALWARE_NAMES("new_malware_names", null, w("按网络病毒名称统计新增", "个")),
    NEW_MALWARE_FAMILIES("new_malware_families", null, w("按网络病毒家族统计新增", "个")),
    MALWARE_DOMAINS("malware_domains", "放马站点", w("涉及域名", "个")),
    MALWARE_IPS("malware_ips", "放马站点", w("涉及ip地址", "个"), w("ip地址", "个")),
    MALWARE_DIRECT_IPS("malware_direct_ips", "放马站点", w("通过ip直接访问的涉及", "个ip")),
    // 本周网站安全情况
    DEFACED_SITES("defaced_sites", null, w("被篡改网站数量", ""), w("被篡改的网站数量", "")),
    DEFACED_GOV_SITES("defaced_gov_sites", null, w("被篡改政府网站(gov类)数量", ""), w("被篡改政府网站数量", "")),
    BACKDOORED_SITES("backdoored_sites", null, w("被植入后门的网站数量", ""), w("被植入后门网站数量", "")),
    BACKDOORED_GOV_SITES("backdoored_gov_sites", null, w("被植入后门的政府网站(gov类)数量", ""),
            w("被植入后门的政府网站数量", "")),
    PHISHING_PAGES("phishing_pages", null, w("仿冒页面数量", "")),
    PHISHING_DOMAINS("phishing_domains", "仿冒页面", w("涉及域名", "个"), w("域名", "个")),
    PHISHING_IPS("phishing_ips", "仿冒页面", w("ip地址", "个")),
    // 本周重要漏洞情况
    CNVD_VULNERABILITIES("cnvd_vulnerabilities", null, w("新收录网络安全漏洞", "个"), w("新收录信息安全漏洞", "个")),
    CNVD_HIGH_RISK("cnvd_high_risk", null, w("高危漏洞", "个")),
    CNVD_MEDIUM_RISK("cnvd_medium_risk", null, w("中危漏洞", "个")),
    CNVD_LOW_RISK("cnvd_low_risk", null, w("低危漏洞", "个"));

    /** The text column after the figures: 信息安全漏洞威胁整体评价级别为中. */
    public static final String VULNERABILITY_LEVEL_COLUMN = "vulnerability_threat_level";

    private final String column;
    private final FigureReader.Figure figure;

    LegacyFigure(String column, String context, Wording... wordings) {
        this.column = column;
        this.figure = new FigureReader.Figure(column, context, List.of(wordings));
    }

    private static Wording w(String before, String after) {
        return new Wording(before, after);
    }

    /** The CSV column and JSON field name. */
    public String column() {
        return column;
    }

    FigureReader.Figure figure() {
        return figure;
    }

    /** The figure's CSV columns in order, then the threat level's. */
    public static List<String> columns() {
        List<String> columns = new java.util.ArrayList<>();
        for (LegacyFigure figure : values()) {
            columns.add(figure.column);
        }
        columns.add(VULNERABILITY_LEVEL_COLUMN);
        return List.copyOf(columns);
    }
}
