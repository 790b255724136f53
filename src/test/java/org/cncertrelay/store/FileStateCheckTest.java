package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.store.RecordStoreContract.issue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    @TempDir
    Path dataDir;

    private final List<Report> rowsWritten = new ArrayList<>();

    @Test
    void theArticlesOfRowsWhoseRecordsWereLostAreDueAgainWithTheArchive() throws Exception {
        FileRecordStore records = new FileRecordStore(dataDir);
        FilePageLedger pages = new FilePageLedger(dataDir);
        Map<ReportKey, String> csv = new HashMap<>();
        for (int number = 1; number <= 3; number++) {
            Report report = issue(2024, number);
            records.admit(report, false);
            records.markFannedOut(report.key());
            csv.put(report.key(), report.url());
            pages.markParsed("wechat:x:" + number + ":1", report.url(), number == 3 ? 1 : 0);
        }
        // an old address that redirected to issue 1: marked as read, its issue recorded under another address
        pages.markParsed("wechat:x:9:1", "https://mp.weixin.qq.com/s?__biz=x&mid=9&idx=1", 0);
        pages.markParsed("file:0123", "samples/archive/2024-1.md", 0);
        Path journal = dataDir.resolve("records.jsonl");
        List<String> lines = Files.readAllLines(journal);
        Files.write(journal, lines.subList(0, 2)); // issue 1 and its fanned-out mark

        FileRecordStore reopened = new FileRecordStore(dataDir);
        FilePageLedger reopenedPages = new FilePageLedger(dataDir);
        FileStateCheck.run(reopened, reopenedPages, dataDir.resolve("reports.csv"), csv, rowsWritten::add, NOW);

        assertThat(reopenedPages.dueRetries(NOW)).extracting(PageLedger.Entry::key)
                .containsExactlyInAnyOrder("wechat:x:2:1", "wechat:x:3:1", "file:0123");
        assertThat(reopenedPages.get("wechat:x:3:1").orElseThrow().depth()).as("the depth it was found at").isOne();
        assertThat(new FilePageLedger(dataDir).dueRetries(NOW)).as("on disk").hasSize(3);
        assertThat(reopened.notFannedOut()).isEmpty();
        assertThat(rowsWritten).isEmpty();
    }

    @Test
    void aConsistentDataDirIsLeftAlone() {
        FileRecordStore records = new FileRecordStore(dataDir);
        FilePageLedger pages = new FilePageLedger(dataDir);
        records.admit(issue(2024, 1), false);
        records.markFannedOut(new ReportKey(2024, 1));
        pages.markParsed("wechat:x:1:1", issue(2024, 1).url(), 0);
        pages.markParsed("wechat:x:9:1", "https://mp.weixin.qq.com/s?__biz=x&mid=9&idx=1", 0);

        FileStateCheck.run(records, pages, dataDir.resolve("reports.csv"),
                Map.of(new ReportKey(2024, 1), issue(2024, 1).url()), rowsWritten::add, NOW);

        assertThat(pages.dueRetries(NOW)).isEmpty();
        assertThat(records.notFannedOut()).isEmpty();
        assertThat(rowsWritten).isEmpty();
    }

    @Test
    void recordsWithoutARowGetItWrittenAgain() {
        FileRecordStore records = new FileRecordStore(dataDir);
        FilePageLedger pages = new FilePageLedger(dataDir);
        records.admit(issue(2024, 1), false);
        records.admit(issue(2024, 2), false);
        records.admit(issue(2024, 3), false);
        records.markFannedOut(new ReportKey(2024, 1));
        records.markFannedOut(new ReportKey(2024, 2));

        FileStateCheck.run(records, pages, dataDir.resolve("reports.csv"),
                Map.of(new ReportKey(2024, 1), issue(2024, 1).url()), rowsWritten::add, NOW);

        assertThat(rowsWritten).as("the row of one being written too: the CSV skips a row it has")
                .containsExactly(issue(2024, 2), issue(2024, 3));
        assertThat(records.notFannedOut()).as("its fan-out is left as it was").containsExactly(issue(2024, 3));
        assertThat(pages.dueRetries(NOW)).isEmpty();
    }
}
