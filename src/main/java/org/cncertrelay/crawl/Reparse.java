package org.cncertrelay.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.csv.ReportCsvFile;
import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.FeedReader.FeedItem;
import org.cncertrelay.raw.RawArchive;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.RecordStore;

/**
 * {@code --reparse}: reads every capture of the raw archive again with today's parser, without a request, and
 * corrects what an older parser got wrong: a record that reads otherwise now is corrected in the record store
 * ({@link RecordStore#correct}), an issue found now that was missed is recorded (never as an announcement
 * candidate), and the CSV is brought to agree with the store in one atomic rewrite. Nothing is announced.
 *
 * <p>Of several captures of one issue (a feed item, the page, an archive file) the first read wins, as the first
 * stored record does in a poll. The record keeps the url it has, unless the capture's names the article's identity
 * and the stored one does not.
 */
public final class Reparse {

    private final RawArchive raw;
    private final long maxBytes;
    private final PageInterpreter interpreter;
    private final RecordStore records;
    private final ReportCsvFile csv;

    public Reparse(RawArchive raw, long maxBytes, PageInterpreter interpreter, RecordStore records,
            ReportCsvFile csv) {
        this.raw = raw;
        this.maxBytes = maxBytes;
        this.interpreter = interpreter;
        this.records = records;
        this.csv = csv;
    }

    /** A record as corrected in the store, and the fields (as the CSV's columns) that changed. */
    public record Correction(Report record, List<String> fields) {
    }

    /** What a reparse changed. {@code corrected}: each corrected issue. */
    public record Result(int captures, int issuesRead, Map<ReportKey, Correction> corrected, List<ReportKey> added,
            List<ReportKey> csvRows) {

        /** The report for stdout: one line per change, then the totals. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            corrected.forEach((key, correction) -> lines.add("corrected " + key.label() + ": " + String.join(", ",
                    correction.fields())));
            added.forEach(key -> lines.add("added " + key.label() + " (missed before; recorded, not announced)"));
            lines.add(summary());
            return lines;
        }

        /** One line: what was read and what changed. */
        public String summary() {
            StringBuilder line = new StringBuilder("Reparse: " + captures + " raw capture(s) read, " + issuesRead
                    + " issue(s) in them; " + corrected.size() + " record(s) corrected, " + added.size()
                    + " added, " + csvRows.size() + " CSV row(s) rewritten");
            if (!corrected.isEmpty()) {
                StringBuilder changes = new StringBuilder();
                corrected.forEach((key, correction) -> changes.append(changes.isEmpty() ? "" : "; ")
                        .append(key.label()).append(" (").append(String.join(", ", correction.fields())).append(')'));
                line.append(": ").append(changes);
            }
            return line.toString();
        }
    }

    public Result run() {
        Map<ReportKey, Report> derived = new LinkedHashMap<>();
        int captures = raw.readAll(capture -> read(PageSource.replay(capture, maxBytes), derived));
        Map<ReportKey, Report> stored = new TreeMap<>();
        records.all().forEach(report -> stored.put(report.key(), report));
        Map<ReportKey, Correction> corrected = new TreeMap<>();
        List<ReportKey> added = new ArrayList<>();
        for (Report report : derived.values()) {
            Report known = stored.get(report.key());
            if (known == null) {
                if (records.admit(report, false)) {
                    added.add(report.key());
                }
                continue;
            }
            Report correction = RecordStore.upgradesUrl(known.url(), report.url()) ? report
                    : report.withUrl(known.url());
            if (records.correct(correction)) {
                corrected.put(report.key(), new Correction(correction, changedFields(known, correction)));
            }
        }
        // the CSV follows the store as a whole: a crash after the store's corrections and before this rewrite
        // left rows behind, which the next --reparse brings along
        List<ReportKey> csvRows = csv.agreeWith(records.all());
        return new Result(captures, derived.size(), corrected, added, csvRows);
    }

    private void read(Object loaded, Map<ReportKey, Report> derived) {
        PageOutcome outcome = interpreter.parse(loaded);
        if (outcome instanceof PageOutcome.Parsed parsed) {
            derived.putIfAbsent(parsed.report().key(), parsed.report());
        } else if (outcome instanceof PageOutcome.FeedRead feed) {
            for (FeedItem item : feed.items()) {
                if (item.html() != null) {
                    // an item carrying the article is read as the crawl reads it; the others have their page
                    URI link = ArticleAddress.parse(item.link()).map(ArticleAddress::fetchUri).orElse(null);
                    FetchTask task = new FetchTask(FetchTask.Kind.FEED_ITEM, "feed-item:" + item.title(), link,
                            null, item, 0, false, false);
                    read(Loaded.ofText(task, item.html(), link), derived);
                }
            }
        }
    }

    /** The names (as the CSV has them) of the fields that differ. */
    private static List<String> changedFields(Report before, Report after) {
        ObjectNode old = ReportJson.toJson(before);
        ObjectNode now = ReportJson.toJson(after);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!now.get(name).equals(old.get(name))) {
                fields.add(name);
            }
        }
        return fields;
    }
}
