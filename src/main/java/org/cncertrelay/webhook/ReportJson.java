package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;

/**
 * A report as a JSON object with snake_case fields like the CSV columns; dates ISO-8601, the rating as the
 * bulletin writes it (优良中差危), unknown values null. Used for the generic payload and the durable outbox.
 */
final class ReportJson {

    private ReportJson() {
    }

    static ObjectNode toJson(Report report) {
        ObjectNode node = Json.object();
        node.put("year", report.year());
        node.put("issue", report.issue());
        node.put("period_start", isoOrNull(report.periodStart()));
        node.put("period_end", isoOrNull(report.periodEnd()));
        node.put("published", isoOrNull(report.published()));
        node.put("rating", report.rating() == null ? null : report.rating().chinese());
        for (ReportCount count : ReportCount.values()) {
            node.put(count.jsonName(), count.of(report));
        }
        node.put("title", report.title());
        node.put("url", report.url());
        node.put("account", report.account());
        ArrayNode charts = node.putArray("chart_images");
        report.chartImages().forEach(charts::add);
        ArrayNode warnings = node.putArray("warnings");
        report.warnings().forEach(warnings::add);
        return node;
    }

    static Report fromJson(JsonNode node) {
        return new Report(
                node.get("year").asInt(),
                node.get("issue").asInt(),
                date(node, "period_start"),
                date(node, "period_end"),
                date(node, "published"),
                node.path("rating").isTextual() ? Rating.fromChinese(node.get("rating").asText()) : null,
                count(node, ReportCount.INCIDENTS_TOTAL),
                count(node, ReportCount.INCIDENTS_CROSS_BORDER),
                count(node, ReportCount.PHISHING_COMPLAINTS),
                count(node, ReportCount.MALICIOUS_APP_PLATFORMS),
                count(node, ReportCount.MALICIOUS_URLS),
                node.get("title").asText(),
                text(node, "url"),
                text(node, "account"),
                strings(node.path("chart_images")),
                strings(node.path("warnings")));
    }

    private static String isoOrNull(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static LocalDate date(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : LocalDate.parse(text);
    }

    private static Integer count(JsonNode node, ReportCount count) {
        JsonNode value = node.path(count.jsonName());
        return value.isNumber() ? value.intValue() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.asText()));
        return values;
    }
}
