package org.cncertrelay.report;

import java.util.function.Function;

/**
 * The five counts a bulletin states, in the bulletin's order, with the label chat messages show, the English
 * label of the digest and the field name JSON uses.
 */
public enum ReportCount {
    INCIDENTS_TOTAL("incidents_total", "网络安全事件", "Incidents", Report::incidentsTotal),
    INCIDENTS_CROSS_BORDER("incidents_cross_border", "其中跨境事件", "Cross-border", Report::incidentsCrossBorder),
    PHISHING_COMPLAINTS("phishing_complaints", "网页仿冒投诉", "Phishing complaints", Report::phishingComplaints),
    MALICIOUS_APP_PLATFORMS("malicious_app_platforms", "恶意App传播平台", "Malicious-app platforms",
            Report::maliciousAppPlatforms),
    MALICIOUS_URLS("malicious_urls", "恶意网址", "Malicious URLs", Report::maliciousUrls);

    private final String jsonName;
    private final String label;
    private final String englishLabel;
    private final Function<Report, Integer> getter;

    ReportCount(String jsonName, String label, String englishLabel, Function<Report, Integer> getter) {
        this.jsonName = jsonName;
        this.label = label;
        this.englishLabel = englishLabel;
        this.getter = getter;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The bulletin's own name for the count, as chat messages show it. */
    public String label() {
        return label;
    }

    /** The name the (English) digest shows. */
    public String englishLabel() {
        return englishLabel;
    }

    /** The count in {@code report}, or null when the bulletin did not state it. */
    public Integer of(Report report) {
        return getter.apply(report);
    }
}
