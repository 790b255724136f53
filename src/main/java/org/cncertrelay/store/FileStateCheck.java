package org.cncertrelay.store;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, makes the file store's journals and {@code reports.csv} agree, repairing each from the others, and says
 * what it did in one WARN line per finding. The record store is the source of truth; when it lost records (a
 * truncated or restored {@code records.jsonl}), the CSV still has their rows:
 * <ul>
 * <li>a CSV row whose issue is not in the record store is kept (the CSV is never cut), and the article its url
 * names, which {@code pages.jsonl} marks as read, is due again through the ordinary retry path (so whether the
 * re-read issue is news is decided as for any retry); the archive folder's files are read again too (local, and
 * issues already recorded are skipped);</li>
 * <li>a record whose row is missing from the CSV is written to it again, at its end, at once (the CSV sink's
 * delivery of it, once done, is not made again, whatever became of the row; one still queued adds nothing then).
 * </li>
 * </ul>
 * The page ledger alone cannot tell a lost record: a page marked as read may have led to an issue recorded under
 * another address (a redirect, a short link).
 */
public final class FileStateCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateCheck.class);
    private static final int EXAMPLES = 5;

    private FileStateCheck() {
    }

    /**
     * @param csvRows  the url cell of each row of {@code csvFile}, by the row's key
     * @param writeRow appends a record's row to {@code csvFile}
     */
    public static void run(FileRecordStore records, FilePageLedger pages, Path csvFile, Map<ReportKey, String> csvRows,
            Consumer<Report> writeRow, Instant now) {
        List<Report> all = records.all();
        Set<ReportKey> recorded = all.stream().map(Report::key).collect(Collectors.toSet());
        Map<ReportKey, String> csvOnly = new TreeMap<>(csvRows);
        csvOnly.keySet().removeAll(recorded);
        if (!csvOnly.isEmpty()) {
            readAgain(records, pages, csvFile, csvOnly, now);
        }
        List<Report> missingRows = all.stream().filter(report -> !csvRows.containsKey(report.key())).toList();
        if (!missingRows.isEmpty()) {
            List<ReportKey> keys = missingRows.stream().map(Report::key).toList();
            try {
                missingRows.forEach(writeRow);
                LOG.warn("{} lacked the row(s) of {} recorded issue(s) ({}): written again at its end", csvFile,
                        keys.size(), examples(keys));
            } catch (UncheckedIOException e) {
                LOG.warn("{} lacks the row(s) of {} recorded issue(s) ({}) and cannot take them now ({}): tried again "
                        + "at the next start", csvFile, keys.size(), examples(keys), e.getMessage());
            }
        }
    }

    private static void readAgain(FileRecordStore records, FilePageLedger pages, Path csvFile,
            Map<ReportKey, String> csvOnly, Instant now) {
        List<ReportKey> reread = new ArrayList<>();
        csvOnly.forEach((key, url) -> ArticleAddress.parse(url).flatMap(address -> pages.get(address.key()))
                .filter(entry -> entry.status() == PageLedger.Status.PARSED)
                .ifPresent(entry -> {
                    dueNow(pages, entry, now);
                    reread.add(key);
                }));
        List<PageLedger.Entry> archiveFiles = reread.isEmpty() ? List.of() : pages.entries().stream()
                .filter(entry -> entry.key().startsWith("file:") && entry.status() == PageLedger.Status.PARSED)
                .toList();
        archiveFiles.forEach(entry -> dueNow(pages, entry, now));
        LOG.warn("{} has {} row(s) whose issue is not in {} ({}): the rows are kept; {} of these issues are read "
                + "again from their pages on the next poll{}", csvFile, csvOnly.size(), records.journal(),
                examples(List.copyOf(csvOnly.keySet())), reread.size(),
                archiveFiles.isEmpty() ? "" : ", with the " + archiveFiles.size() + " archive file(s)");
    }

    /** Due now, as a page that failed for now: the next poll retries it like any other. */
    private static void dueNow(FilePageLedger pages, PageLedger.Entry entry, Instant now) {
        pages.put(new PageLedger.Entry(entry.key(), entry.url(), PageLedger.Status.TEMPORARY_FAILURE,
                PageProblem.NOT_STORED, 0, now, entry.depth(), entry.parserVersion()));
    }

    private static String examples(List<ReportKey> keys) {
        List<String> labels = keys.stream().map(ReportKey::label).toList();
        return labels.size() <= EXAMPLES ? String.join(", ", labels)
                : String.join(", ", labels.subList(0, EXAMPLES)) + ", …";
    }
}
