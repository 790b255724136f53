package org.cncertrelay.report;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A report as JSON, with the CSV's column names ({@code incidents_total}, ...): the one JSON shape of a record,
 * used by the state files and by every sink that sends the full record (the webhooks' generic payload and
 * durable outbox too). Dates are ISO-8601, the rating as the bulletin writes it (优良中差危), unknown values null.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode toJson(Report report) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("year", report.year());
        json.put("issue", report.issue());
        json.put("period_start", text(report.periodStart()));
        json.put("period_end", text(report.periodEnd()));
        json.put("published", text(report.published()));
        json.put("rating", report.rating() == null ? null : report.rating().chinese());
        for (ReportCount count : ReportCount.values()) {
            json.put(count.jsonName(), count.of(report));
        }
        json.put("title", report.title());
        json.put("url", report.url());
        json.put("account", report.account());
        ArrayNode images = json.putArray("chart_images");
        report.chartImages().forEach(images::add);
        ArrayNode warnings = json.putArray("warnings");
        report.warnings().forEach(warnings::add);
        for (LegacyFigure figure : LegacyFigure.values()) {
            json.put(figure.column(), report.figure(figure));
        }
        json.put(LegacyFigure.VULNERABILITY_LEVEL_COLUMN, report.vulnerabilityLevel());
        return json;
    }

    public static Report fromJson(JsonNode json) {
        return new Report(
                json.get("year").asInt(),
                json.get("issue").asInt(),
                date(json.get("period_start")),
                date(json.get("period_end")),
                date(json.get("published")),
                isNull(json.get("rating")) ? null : Rating.fromChinese(json.get("rating").asText()),
                count(json, ReportCount.INCIDENTS_TOTAL),
                count(json, ReportCount.INCIDENTS_CROSS_BORDER),
                count(json, ReportCount.PHISHING_COMPLAINTS),
                count(json, ReportCount.MALICIOUS_APP_PLATFORMS),
                count(json, ReportCount.MALICIOUS_URLS),
                json.get("title").asText(),
                isNull(json.get("url")) ? null : json.get("url").asText(),
                isNull(json.get("account")) ? null : json.get("account").asText(),
                strings(json.get("chart_images")),
                strings(json.get("warnings")),
                legacyFigures(json),
                isNull(json.get(LegacyFigure.VULNERABILITY_LEVEL_COLUMN)) ? null
                        : json.get(LegacyFigure.VULNERABILITY_LEVEL_COLUMN).asText());
    }

    /**
     * The record a record sink receives: the {@code report} of the versioned document (the generic webhook's, see
     * {@code schema/cncert-relay.report.v1.schema.json}).
     */
    public static Report fromSinkDocument(String document) throws IOException {
        return fromJson(MAPPER.readTree(document).path("report"));
    }

    /** Absent in the JSON of records written before the legacy figures were read: all unknown. */
    private static Map<LegacyFigure, Integer> legacyFigures(JsonNode json) {
        Map<LegacyFigure, Integer> figures = new EnumMap<>(LegacyFigure.class);
        for (LegacyFigure figure : LegacyFigure.values()) {
            Integer value = number(json, figure.column());
            if (value != null) {
                figures.put(figure, value);
            }
        }
        return figures;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    private static LocalDate date(JsonNode node) {
        return isNull(node) ? null : LocalDate.parse(node.asText());
    }

    private static Integer count(JsonNode json, ReportCount count) {
        return number(json, count.jsonName());
    }

    private static Integer number(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return isNull(node) ? null : node.asInt();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null) {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
