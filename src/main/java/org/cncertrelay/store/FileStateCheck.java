package org.cncertrelay.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, makes the file store's journals and {@code reports.csv} agree, repairing each from the others, and says
 * what it did in one line per finding. The record store is the source of truth, rebuilt from pages when it lost
 * records (a truncated or restored {@code records.jsonl}):
 * <ul>
 * <li>an article page {@code pages.jsonl} marks as read whose issue is not in the record store is due again, through
 * the ordinary retry path (so a re-read issue is news only by the ordinary rule); when any is, the archive folder's
 * files are read again too (local, and issues already recorded are skipped);</li>
 * <li>a CSV row whose issue is not in the record store is reported and kept: the CSV is never cut;</li>
 * <li>a record whose row is missing from the CSV is written to it again by the next poll's fan-out.</li>
 * </ul>
 */
public final class FileStateCheck {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateCheck.class);
    private static final int EXAMPLES = 3;

    private FileStateCheck() {
    }

    /** {@code csvRows}: the keys of the rows in {@code csvFile}. */
    public static void run(FileRecordStore records, FilePageLedger pages, Path csvFile, Set<ReportKey> csvRows,
            Instant now) {
        List<Report> all = records.all();
        Set<String> recordedPages = all.stream().map(report -> ArticleAddress.parse(report.url()))
                .flatMap(Optional::stream).map(ArticleAddress::key).collect(Collectors.toSet());
        List<PageLedger.Entry> lostPages = new ArrayList<>();
        List<PageLedger.Entry> archiveFiles = new ArrayList<>();
        for (PageLedger.Entry entry : pages.entries()) {
            if (entry.status() != PageLedger.Status.PARSED) {
                continue;
            }
            if (entry.key().startsWith("file:")) {
                archiveFiles.add(entry);
            } else if (isArticle(entry) && !recordedPages.contains(entry.key())) {
                lostPages.add(entry);
            }
        }
        Set<ReportKey> recorded = all.stream().map(Report::key).collect(Collectors.toSet());
        Set<ReportKey> csvOnly = new TreeSet<>(csvRows);
        csvOnly.removeAll(recorded);

        if (!lostPages.isEmpty()) {
            readAgain(pages, lostPages, now);
            readAgain(pages, archiveFiles, now);
            LOG.warn("{} has no record for {} page(s) that {} marks as read (e.g. {}): they are read again on the "
                    + "next poll{}", records.journal(), lostPages.size(), pages.journal(),
                    examples(lostPages.stream().map(PageLedger.Entry::url).toList()),
                    archiveFiles.isEmpty() ? "" : ", with the " + archiveFiles.size() + " archive file(s)");
        }
        if (!csvOnly.isEmpty()) {
            LOG.warn("{} has {} row(s) whose issue is not in {} ({}): the rows are kept; an issue comes back into "
                    + "the record store when its page is read again", csvFile, csvOnly.size(), records.journal(),
                    examples(csvOnly.stream().map(ReportKey::label).toList()));
        }
        Set<ReportKey> beingWritten = records.notFannedOut().stream().map(Report::key).collect(Collectors.toSet());
        List<ReportKey> missingRows = all.stream().map(Report::key)
                .filter(key -> !csvRows.contains(key) && !beingWritten.contains(key)).toList();
        if (!missingRows.isEmpty()) {
            records.fanOutAgain(missingRows);
            LOG.warn("{} lacks the row(s) of {} recorded issue(s) ({}): the next poll writes them again", csvFile,
                    missingRows.size(), examples(missingRows.stream().map(ReportKey::label).toList()));
        }
    }

    /**
     * An entry keyed by a WeChat article's identity, which its record's URL carries too. Entries under another
     * address of the same article (a short link) are not compared: their record's URL has the identity, and
     * {@link org.cncertrelay.crawl.Crawl#markParsed} marks that too.
     */
    private static boolean isArticle(PageLedger.Entry entry) {
        return entry.key().startsWith("wechat:") && entry.url() != null;
    }

    /** Due now, as a page that failed for now: the next poll retries it like any other. */
    private static void readAgain(FilePageLedger pages, Collection<PageLedger.Entry> entries, Instant now) {
        for (PageLedger.Entry entry : entries) {
            pages.put(new PageLedger.Entry(entry.key(), entry.url(), PageLedger.Status.TEMPORARY_FAILURE,
                    PageProblem.NOT_STORED, 0, now, entry.depth()));
        }
    }

    private static String examples(List<String> items) {
        return items.size() <= EXAMPLES ? String.join(", ", items)
                : String.join(", ", items.subList(0, EXAMPLES)) + ", …";
    }
}
