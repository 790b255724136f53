package org.cncertrelay.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cncertrelay.report.LegacyFigure;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reports.csv}: one header line, one row per issue, appended one whole row at a time. The file is its own
 * ledger: a row whose key is already in the file is not written again, so replaying the record stream after a
 * crash never duplicates a row.
 *
 * <p>It is also a person's file, opened in editors and spreadsheets: a UTF-8 BOM, CRLF line endings (kept for the
 * rows appended after) and a last row without a newline (one is added before the next row) are all accepted, and
 * no row the relay did not write is ever removed. The one row it cuts off is its own torn one: at start, a last
 * line without a newline that is a record's row cut short (a crash during its append), in a file with the current
 * header; a failed append is cut off at once by {@link DurableFiles}.
 */
public final class ReportCsvFile {

    /** The columns of the first releases: a file with only these gets the legacy figures' columns added. */
    static final List<String> FIRST_COLUMNS = List.of("year", "issue", "period_start", "period_end", "published",
            "rating", "incidents_total", "incidents_cross_border", "phishing_complaints", "malicious_app_platforms",
            "malicious_urls", "title", "url", "chart_images", "warnings");
    public static final List<String> COLUMNS = Stream.concat(FIRST_COLUMNS.stream(), LegacyFigure.columns().stream())
            .toList();

    private static final Logger LOG = LoggerFactory.getLogger(ReportCsvFile.class);
    private static final char BOM = '\uFEFF';
    private static final int URL = COLUMNS.indexOf("url");

    /**
     * One monitor per lock file (absolute, normalised) in this JVM: a file lock is held per process, not per thread.
     */
    private static final Map<Path, Object> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    /**
     * {@code <file>.lock}: held while the file is read or changed, so instances of a cluster sharing the file never
     * both write its header, and a rewrite never drops a row another one appends meanwhile.
     */
    private final Path lockFile;
    /** The key of each row, with its url cell: the relay's ledger, and the start-up check's link to pages. */
    private final Map<ReportKey, String> written = new HashMap<>();
    /** The file's size after our last read or write; another size means another instance appended to it. */
    private long knownSize = -1;
    /** The line ending of the file's header: rows are appended with it. */
    private String lineEnding = "\n";
    /** Whether the file is empty or ends with a line ending; if not, the next row starts with one. */
    private boolean endsWhole = true;

    public ReportCsvFile(Path file) {
        this(file, List.of());
    }

    /**
     * Opens the file; {@code records} are those whose row a crash may have torn: all of them, as the CSV sink's
     * deliveries are the outbox's, not known here.
     */
    public ReportCsvFile(Path file, Collection<Report> records) {
        this.file = file;
        this.lockFile = file.toAbsolutePath().normalize().resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(lockFile.getParent()); // csv.file may name a folder the first row creates
            exclusively(() -> {
                cutRowTornByACrash(records);
                load();
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The url cell of each row by its key (empty when the row has none): for the start-up check. */
    public synchronized Map<ReportKey, String> urls() {
        return Map.copyOf(written);
    }

    private void cutRowTornByACrash(Collection<Report> records) throws IOException {
        if (!Files.exists(file) || records.isEmpty()) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int lastLine = lastLineStart(bytes);
        if (lastLine == bytes.length) {
            return;
        }
        if (lastLine > 0 && !hasCurrentHeader(bytes)) {
            return; // a file of an earlier release: the relay has not written a row to it since
        }
        String ending = lastLine > 1 && bytes[lastLine - 2] == '\r' ? "\r\n" : "\n";
        byte[] tail = Arrays.copyOfRange(bytes, lastLine, bytes.length);
        for (Report report : records) {
            byte[] rowText = text(report, lastLine == 0, false, ending).getBytes(StandardCharsets.UTF_8);
            // a row lacking only its line ending is whole (also as a person saves it): kept, the next row adds one
            boolean torn = tail.length < rowText.length - ending.length();
            if (torn && Arrays.equals(tail, 0, tail.length, rowText, 0, tail.length)) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(lastLine);
                    channel.force(true);
                }
                LOG.info("Cut the row of {} a crash left half written off the end of {}; it is written again",
                        report.label(), file);
                return;
            }
        }
    }

    private static boolean hasCurrentHeader(byte[] file) {
        String header = String.join(",", COLUMNS);
        // the BOM and the header (ASCII) at most: the rest of the file need not be decoded
        String start = new String(file, 0, Math.min(file.length, header.length() + 3), StandardCharsets.UTF_8);
        return (start.charAt(0) == BOM ? start.substring(1) : start).startsWith(header);
    }

    private static int lastLineStart(byte[] bytes) {
        int start = bytes.length;
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        return start;
    }

    private void load() throws IOException {
        written.clear();
        lineEnding = "\n";
        endsWhole = true;
        knownSize = currentSize();
        if (knownSize == 0) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        knownSize = bytes.length;
        endsWhole = bytes[bytes.length - 1] == '\n';
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.charAt(0) == BOM) {
            text = text.substring(1); // Excel's UTF-8 mark
        }
        int headerEnd = text.indexOf('\n');
        if (headerEnd > 0 && text.charAt(headerEnd - 1) == '\r') {
            lineEnding = "\r\n";
        }
        try (CSVParser parser = CSVFormat.DEFAULT.parse(new StringReader(text))) {
            boolean header = true;
            for (CSVRecord row : parser) {
                if (header) {
                    if (!checkHeader(row.toList())) {
                        addColumns(); // reads the rewritten file
                        return;
                    }
                    header = false;
                    continue;
                }
                try {
                    written.put(new ReportKey(Integer.parseInt(row.get(0).strip()),
                            Integer.parseInt(row.get(1).strip())), row.size() > URL ? row.get(URL) : "");
                } catch (RuntimeException e) {
                    throw new IllegalStateException(file + " line " + lineAt(text, row.getCharacterPosition())
                            + " has no year and issue number; repair or move the file");
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(file + " is not a CSV file the relay can read (" + e.getMessage()
                    + "); repair or move the file");
        }
    }

    /**
     * True when the header has the relay's columns, false when it has those of an earlier release (the columns
     * added since are missing at its end).
     */
    private boolean checkHeader(List<String> header) {
        if (header.size() >= COLUMNS.size() && header.subList(0, COLUMNS.size()).equals(COLUMNS)) {
            return true;
        }
        if (header.size() >= FIRST_COLUMNS.size() && header.size() < COLUMNS.size()
                && COLUMNS.subList(0, header.size()).equals(header)) {
            return false;
        }
        throw new IllegalStateException(file + " has the header " + header + ", not the relay's columns " + COLUMNS
                + "; move it away or set csv.file to another path");
    }

    /**
     * Gives a file written by an earlier release the columns added since: the full header, and an empty cell in
     * each new column of its rows (see {@link #rewrite}: old or new file, never a mix).
     */
    private void addColumns() {
        boolean[] header = {true};
        rewrite((rowKey, cells) -> {
            List<String> upgraded = header[0] ? COLUMNS : padded(cells, COLUMNS.size());
            header[0] = false;
            return upgraded;
        }, List.of());
        LOG.info("Added the columns {} to {}; its rows have them empty", LegacyFigure.columns(), file);
    }

    /**
     * Appends the report's row unless the file has it; returns whether a row was written, once it is on disk.
     * The disk is waited for outside this file's lock, so rows appended meanwhile can share one flush.
     */
    public boolean append(Report report) {
        return append(report.key(), () -> report);
    }

    /**
     * {@link #append(Report)} of the record {@code current} gives, asked for only when the file lacks the row and
     * while its lock is held: a change of the record made before (a canonical url that replaced a short link, whose
     * {@link #replaceUrl} found no row to change) is in the row.
     */
    public boolean append(ReportKey key, Supplier<Report> current) {
        try {
            boolean appended = exclusively(() -> {
                reloadIfChanged();
                if (written.containsKey(key)) {
                    return false;
                }
                Report report = current.get();
                DurableFiles.appendRedoable(file, text(report, knownSize == 0, !endsWhole, lineEnding));
                knownSize = currentSize();
                endsWhole = true;
                written.put(report.key(), report.url() == null ? "" : report.url());
                return true;
            });
            if (!appended) {
                return false;
            }
            DurableFiles.force(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Puts {@code url} in the url cell of the row of {@code key}, the rest of the file as it was (see
     * {@link #rewrite}). False when the file has no such row or the row already has this url.
     */
    public boolean replaceUrl(ReportKey key, String url) {
        return exclusivelyUnchecked(() -> {
            reloadIfChanged();
            if (!written.containsKey(key) || written.get(key).equals(url)) {
                return false;
            }
            rewrite((rowKey, cells) -> {
                if (key.equals(rowKey) && cells.size() > URL) {
                    cells.set(URL, safeText(url));
                }
                return cells;
            }, List.of());
            return true;
        });
    }

    /**
     * Makes the file agree with {@code records}: a row whose relay columns say otherwise than its record gets the
     * record's cells (cells after the relay's columns, a person's own, are kept), a record without a row gets one
     * at the end; everything else stays as it was. One rewrite for all of them (see {@link #rewrite}), and none
     * when the file agrees already.
     *
     * @return the keys of the rows rewritten or added
     */
    public List<ReportKey> agreeWith(Collection<Report> records) {
        Map<ReportKey, Report> byKey = new LinkedHashMap<>();
        records.forEach(report -> byKey.put(report.key(), report));
        List<ReportKey> changed = new ArrayList<>();
        exclusivelyUnchecked(() -> {
            reloadIfChanged();
            List<Report> added = byKey.values().stream().filter(report -> !written.containsKey(report.key()))
                    .toList();
            rewrite((rowKey, cells) -> {
                Report report = rowKey == null ? null : byKey.get(rowKey);
                List<String> expected = report == null ? null : cellsOf(report);
                if (expected == null || padded(cells, expected.size()).subList(0, expected.size()).equals(expected)) {
                    return cells;
                }
                changed.add(rowKey);
                List<String> replaced = new ArrayList<>(expected);
                if (cells.size() > expected.size()) {
                    replaced.addAll(cells.subList(expected.size(), cells.size()));
                }
                return replaced;
            }, added);
            added.forEach(report -> changed.add(report.key()));
            return null;
        });
        return changed;
    }

    /** A look at the file, or a change, that holds its lock. */
    @FunctionalInterface
    private interface FileWork<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding this object, then the file's lock across threads and processes. */
    private synchronized <T> T exclusively(FileWork<T> work) throws IOException {
        synchronized (LOCKS_IN_THIS_JVM.computeIfAbsent(lockFile, any -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                return work.run();
            }
        }
    }

    private <T> T exclusivelyUnchecked(FileWork<T> work) {
        try {
            return exclusively(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static List<String> cellsOf(Report report) {
        return row(report).stream().map(String::valueOf).toList();
    }

    private static List<String> padded(List<String> cells, int size) {
        List<String> padded = new ArrayList<>(cells);
        while (padded.size() < size) {
            padded.add("");
        }
        return padded;
    }

    private void reloadIfChanged() {
        try {
            if (currentSize() != knownSize) {
                load(); // another instance of a cluster, or a person, changed the file: see what is in it now
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the file with each row's cells as {@code edit} gives them (handed the row's key, null for the
     * header or a row without one) and {@code added} appended, the rest as it was read (its BOM, its line endings,
     * every row and cell; quoting may be normalised): written to a new file that replaces the old one, so a crash
     * leaves the old file or the new one, never a mix. Nothing is written when no cell and no row changes.
     */
    private void rewrite(BiFunction<ReportKey, List<String>, List<String>> edit, List<Report> added) {
        try {
            String text = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
            boolean bom = !text.isEmpty() && text.charAt(0) == BOM;
            StringBuilder rewritten = new StringBuilder(bom ? String.valueOf(BOM) : "");
            boolean changed = !added.isEmpty();
            try (CSVParser parser = CSVFormat.DEFAULT.parse(new StringReader(bom ? text.substring(1) : text));
                    CSVPrinter printer = new CSVPrinter(rewritten, CSVFormat.DEFAULT.builder()
                            .setRecordSeparator(lineEnding).get())) {
                boolean header = true;
                for (CSVRecord row : parser) {
                    List<String> cells = row.toList();
                    List<String> edited = edit.apply(header ? null : keyOf(row), new ArrayList<>(cells));
                    changed |= !edited.equals(cells);
                    header = false;
                    printer.printRecord(edited);
                }
                if (header && !added.isEmpty()) {
                    printer.printRecord(COLUMNS);
                }
                for (Report report : added) {
                    printer.printRecord(row(report));
                }
            }
            if (!changed) {
                return;
            }
            DurableFiles.replace(file, rewritten.toString());
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    private static ReportKey keyOf(CSVRecord row) {
        try {
            return new ReportKey(Integer.parseInt(row.get(0).strip()), Integer.parseInt(row.get(1).strip()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The report's row as appended: after the header in an empty file, after a line ending the file lacks. */
    private static String text(Report report, boolean withHeader, boolean afterLineEnding, String lineEnding) {
        StringBuilder text = new StringBuilder(afterLineEnding ? lineEnding : "");
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator(lineEnding)
                .get())) {
            if (withHeader) {
                printer.printRecord(COLUMNS);
            }
            printer.printRecord(row(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return text.toString();
    }

    private long currentSize() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The line of a character position, as an editor counts it (a quoted cell may span lines). */
    private static long lineAt(String text, long position) {
        return text.substring(0, (int) position).chars().filter(c -> c == '\n').count() + 1;
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
        for (LegacyFigure figure : LegacyFigure.values()) {
            cells.add(count(report.figure(figure)));
        }
        cells.add(report.vulnerabilityLevel() == null ? "" : report.vulnerabilityLevel());
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
