package org.cncertrelay.report;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One issue of 网络安全信息与动态周报 as a typed record. Counts the issue does not state are {@code null}, never 0.
 * Identity is {@link #key()}: the same issue reached through a feed, a page or an archive is one record.
 */
public record Report(
        int year,
        int issue,
        LocalDate periodStart,
        LocalDate periodEnd,
        LocalDate published,
        Rating rating,
        Integer incidentsTotal,
        Integer incidentsCrossBorder,
        Integer phishingComplaints,
        Integer maliciousAppPlatforms,
        Integer maliciousUrls,
        String title,
        String url,
        String account,
        List<String> chartImages,
        List<String> warnings,
        Map<LegacyFigure, Integer> legacyFigures,
        String vulnerabilityLevel) {

    public Report {
        Objects.requireNonNull(title, "title");
        chartImages = List.copyOf(chartImages);
        warnings = List.copyOf(warnings);
        EnumMap<LegacyFigure, Integer> stated = new EnumMap<>(LegacyFigure.class);
        legacyFigures.forEach((figure, value) -> {
            if (value != null) {
                stated.put(figure, value);
            }
        });
        legacyFigures = Collections.unmodifiableMap(stated);
    }

    /** An issue of today's format, which states none of the legacy figures. */
    public Report(int year, int issue, LocalDate periodStart, LocalDate periodEnd, LocalDate published, Rating rating,
            Integer incidentsTotal, Integer incidentsCrossBorder, Integer phishingComplaints,
            Integer maliciousAppPlatforms, Integer maliciousUrls, String title, String url, String account,
            List<String> chartImages, List<String> warnings) {
        this(year, issue, periodStart, periodEnd, published, rating, incidentsTotal, incidentsCrossBorder,
                phishingComplaints, maliciousAppPlatforms, maliciousUrls, title, url, account, chartImages, warnings,
                Map.of(), null);
    }

    /** A legacy figure, or null when the issue does not state it. */
    public Integer figure(LegacyFigure figure) {
        return legacyFigures.get(figure);
    }

    public ReportKey key() {
        return new ReportKey(year, issue);
    }

    /** The record with another url (the article's identity in place of a short link), all else as it was. */
    public Report withUrl(String newUrl) {
        return new Report(year, issue, periodStart, periodEnd, published, rating, incidentsTotal,
                incidentsCrossBorder, phishingComplaints, maliciousAppPlatforms, maliciousUrls, title, newUrl, account,
                chartImages, warnings, legacyFigures, vulnerabilityLevel);
    }

    /** The same record with validation warnings replaced. */
    public Report withWarnings(List<String> newWarnings) {
        return new Report(year, issue, periodStart, periodEnd, published, rating, incidentsTotal,
                incidentsCrossBorder, phishingComplaints, maliciousAppPlatforms, maliciousUrls, title, url, account,
                chartImages, newWarnings, legacyFigures, vulnerabilityLevel);
    }

    /** A short human label such as {@code 2024年第39期}. */
    public String label() {
        return key().label();
    }
}
