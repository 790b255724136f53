package org.cncertrelay.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.store.DurableFiles;

/**
 * The record sink behind the shipped {@code feed} example: keeps the newest issues it was given as two static
 * files, {@code feed.json} (JSON Feed 1.1) and {@code feed.atom} (Atom 1.0), each rewritten atomically (a reader
 * never sees half a file). It takes the sink document (the generic webhook's JSON); an issue given again (a replay,
 * a correction) replaces its entry. The JSON Feed keeps each issue's record in the item extension
 * {@code _cncert_relay}, so the files are the sink's whole state.
 */
public final class FeedFiles {

    static final String JSON_FEED = "feed.json";
    static final String ATOM_FEED = "feed.atom";
    private static final String EXTENSION = "_cncert_relay";
    private static final ObjectMapper MAPPER = ReportJson.mapper();

    private final Path directory;
    private final int newest;
    private final Messages messages;

    /**
     * @param newest how many issues the feeds keep, newest by (year, issue)
     * @param language zh-CN or en, for the feed's title and the items' text
     */
    public FeedFiles(String directory, int newest, String language) {
        if (newest < 1) {
            throw new IllegalArgumentException("a feed keeps at least 1 issue, not " + newest);
        }
        this.directory = Path.of(directory);
        this.newest = newest;
        this.messages = Messages.of(language);
    }

    /** Adds the issue of one sink document and rewrites both files. */
    public synchronized void add(String document) throws IOException {
        Report report = ReportJson.fromSinkDocument(document);
        List<Report> reports = new ArrayList<>(read());
        reports.removeIf(known -> known.key().equals(report.key()));
        reports.add(report);
        reports.sort(Comparator.comparing(Report::key).reversed());
        List<Report> kept = reports.subList(0, Math.min(newest, reports.size()));
        Files.createDirectories(directory);
        DurableFiles.replace(directory.resolve(JSON_FEED), MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(jsonFeed(kept)));
        DurableFiles.replace(directory.resolve(ATOM_FEED), atom(kept));
    }

    /** The issues in the JSON Feed, newest first; none before the first one. */
    List<Report> read() throws IOException {
        Path file = directory.resolve(JSON_FEED);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Report> reports = new ArrayList<>();
        for (JsonNode item : MAPPER.readTree(file.toFile()).path("items")) {
            reports.add(ReportJson.fromJson(item.path(EXTENSION)));
        }
        return reports;
    }

    private ObjectNode jsonFeed(List<Report> reports) {
        ObjectNode feed = MAPPER.createObjectNode()
                .put("version", "https://jsonfeed.org/version/1.1")
                .put("title", messages.get("feed.title"))
                .put("language", messages.language());
        ArrayNode items = feed.putArray("items");
        for (Report report : reports) {
            ObjectNode item = items.addObject()
                    .put("id", id(report))
                    .put("title", title(report))
                    .put("content_text", text(report))
                    .put("date_published", timestamp(report));
            if (report.url() != null) {
                item.put("url", report.url());
            }
            item.set(EXTENSION, ReportJson.toJson(report));
        }
        return feed;
    }

    private String atom(List<Report> reports) throws IOException {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            element(xml, "id", "urn:cncert-relay:feed");
            element(xml, "title", messages.get("feed.title"));
            element(xml, "updated", reports.isEmpty() ? Instant.EPOCH.toString() : timestamp(reports.get(0)));
            xml.writeStartElement("author");
            element(xml, "name", "cncert-relay");
            xml.writeEndElement();
            for (Report report : reports) {
                xml.writeStartElement("entry");
                element(xml, "id", id(report));
                element(xml, "title", title(report));
                element(xml, "updated", timestamp(report));
                element(xml, "published", timestamp(report));
                if (report.url() != null) {
                    xml.writeEmptyElement("link");
                    xml.writeAttribute("rel", "alternate");
                    xml.writeAttribute("href", report.url());
                }
                element(xml, "summary", text(report));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the Atom feed: " + e.getMessage(), e);
        }
        return out + "\n";
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    /** Stable per issue, so a reader shows a replaced entry as the same item. */
    private static String id(Report report) {
        return "urn:cncert-relay:issue:" + report.year() + "-" + report.issue();
    }

    private static String title(Report report) {
        return report.title() == null || report.title().isBlank() ? report.label() : report.title();
    }

    private String text(Report report) {
        return messages.get("digest.period", report.periodStart(), report.periodEnd()) + "\n"
                + messages.get("digest.rating", Rating.label(report.rating(), messages));
    }

    /** The issue's publication day, else the end of its week, at midnight UTC (RFC 3339, as both formats want). */
    private static String timestamp(Report report) {
        LocalDate day = report.published() != null ? report.published() : report.periodEnd();
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    }
}
