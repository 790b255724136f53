package org.cncertrelay.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.FileRecordStore;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSinkTest {

    private static final String SHORT_LINK = "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv";
    private static final String CANONICAL = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1";

    @TempDir
    Path dataDir;

    @Test
    void aRowIsTheRecordAsStoredWhenItIsWrittenNotAsItsDeliveryWasQueued() throws Exception {
        FileRecordStore records = new FileRecordStore(dataDir);
        ReportCsvFile file = new ReportCsvFile(dataDir.resolve("reports.csv"));
        CsvSink sink = new CsvSink(file, records);
        Report queued = Reports.issue(39, 742).url(SHORT_LINK).build();
        records.admit(queued, false);
        String document = Reports.sinkDocument(queued); // queued for the csv sink with the short link
        // the same issue read from the article itself before the csv worker got to it
        assertThat(records.preferCanonicalUrl(queued.withUrl(CANONICAL))).isTrue();
        sink.replaceUrl(records.get(queued.key()).orElseThrow()); // the row is not there yet: nothing to replace

        sink.deliver(document);
        sink.deliver(document); // a delivery run again after a crash

        assertThat(file.urls()).containsExactly(java.util.Map.entry(queued.key(), CANONICAL));
    }

    @Test
    void aRecordTheStoreDoesNotHoldIsWrittenAsDelivered() throws Exception {
        ReportCsvFile file = new ReportCsvFile(dataDir.resolve("reports.csv"));
        Report delivered = Reports.issue(40, 700).url(CANONICAL).build();

        new CsvSink(file, new FileRecordStore(dataDir)).deliver(Reports.sinkDocument(delivered));

        assertThat(file.urls()).containsExactly(java.util.Map.entry(delivered.key(), CANONICAL));
    }
}
