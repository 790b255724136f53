package org.cncertrelay.report;

import java.util.function.Function;

/**
 * The five counts a bulletin states, in the bulletin's order, with the label chat messages show and the field name
 * JSON uses (the digest's labels are in the message bundles, keyed by it).
 */
public enum ReportCount {
    INCIDENTS_TOTAL("incidents_total", "网络安全事件", Report::incidentsTotal),
    INCIDENTS_CROSS_BORDER("incidents_cross_border", "其中跨境事件", Report::incidentsCrossBorder),
    PHISHING_COMPLAINTS("phishing_complaints", "网页仿冒投诉", Report::phishingComplaints),
    MALICIOUS_APP_PLATFORMS("malicious_app_platforms", "恶意App传播平台", Report::maliciousAppPlatforms),
    MALICIOUS_URLS("malicious_urls", "恶意网址", Report::maliciousUrls);

    private final String jsonName;
    private final String label;
    private final Function<Report, Integer> getter;

    ReportCount(String jsonName, String label, Function<Report, Integer> getter) {
        this.jsonName = jsonName;
        this.label = label;
        this.getter = getter;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The bulletin's own name for the count, as chat messages show it. */
    public String label() {
        return label;
    }

    /** The count in {@code report}, or null when the bulletin did not state it. */
    public Integer of(Report report) {
        return getter.apply(report);
    }
}
