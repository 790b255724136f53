package org.cncertrelay.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.DurableFiles;

/**
 * {@code reports.csv}: one header line, one row per issue, appended one whole row at a time. The file is its own
 * ledger: a row whose key is already in the file is not written again, so replaying the record stream after a
 * crash never duplicates a row.
 */
public final class ReportCsvFile {

    public static final List<String> COLUMNS = List.of("year", "issue", "period_start", "period_end", "published",
            "rating", "incidents_total", "incidents_cross_border", "phishing_complaints", "malicious_app_platforms",
            "malicious_urls", "title", "url", "chart_images", "warnings");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private final Path file;
    private final Set<ReportKey> written = new HashSet<>();
    /** The file's size after our last read or write; another size means another instance appended to it. */
    private long knownSize = -1;

    public ReportCsvFile(Path file) {
        this.file = file;
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        written.clear();
        knownSize = Files.exists(file) ? Files.size(file) : 0;
        if (knownSize == 0) {
            return;
        }
        DurableFiles.readJournal(file); // cuts a row torn by a crash
        knownSize = Files.size(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(reader)) {
            List<CSVRecord> rows = parser.getRecords();
            if (rows.isEmpty()) {
                return;
            }
            List<String> header = rows.get(0).toList();
            if (header.size() < COLUMNS.size() || !header.subList(0, COLUMNS.size()).equals(COLUMNS)) {
                throw new IllegalStateException(file + " has the header " + header + ", not the relay's columns; "
                        + "move it away or set csv.file to another path");
            }
            for (CSVRecord row : rows.subList(1, rows.size())) {
                try {
                    written.add(new ReportKey(Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1))));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(file + " line " + row.getParser().getCurrentLineNumber()
                            + " has no year and issue number; repair or move the file");
                }
            }
        }
    }

    /**
     * Appends the report's row unless the file has it; returns whether a row was written, once it is on disk.
     * The disk is waited for outside this file's lock, so rows appended meanwhile can share one flush.
     */
    public boolean append(Report report) {
        try {
            synchronized (this) {
                if (currentSize() != knownSize) {
                    load(); // instances of a cluster may share one CSV file: see what the others wrote
                }
                if (written.contains(report.key())) {
                    return false;
                }
                StringBuilder text = new StringBuilder();
                try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
                    if (!Files.exists(file) || Files.size(file) == 0) {
                        printer.printRecord(COLUMNS);
                    }
                    printer.printRecord(row(report));
                }
                DurableFiles.appendRedoable(file, text.toString());
                knownSize = currentSize();
                written.add(report.key());
            }
            DurableFiles.force(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    private long currentSize() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    public Path path() {
        return file;
    }

    static List<Object> row(Report report) {
        List<Object> cells = new ArrayList<>();
        cells.add(report.year());
        cells.add(report.issue());
        cells.add(date(report.periodStart()));
        cells.add(date(report.periodEnd()));
        cells.add(date(report.published()));
        cells.add(report.rating() == null ? "" : report.rating().chinese());
        cells.add(count(report.incidentsTotal()));
        cells.add(count(report.incidentsCrossBorder()));
        cells.add(count(report.phishingComplaints()));
        cells.add(count(report.maliciousAppPlatforms()));
        cells.add(count(report.maliciousUrls()));
        cells.add(safeText(report.title()));
        cells.add(safeText(report.url()));
        cells.add(safeText(String.join(" ", report.chartImages())));
        cells.add(safeText(String.join("; ", report.warnings())));
        return cells;
    }

    private static String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    private static String count(Integer count) {
        return count == null ? "" : count.toString();
    }

    /** A spreadsheet runs a cell starting with = + - @ (or tab/CR) as a formula; a leading ' keeps it text. */
    static String safeText(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
