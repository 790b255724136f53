package org.cncertrelay.csv;

import java.io.IOException;

import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in record sink {@code csv}: appends each record it is given, as every record sink gets it (the versioned
 * JSON document), to {@code reports.csv}, once, as the record store has it when the row is written.
 */
public final class CsvSink {

    private static final Logger LOG = LoggerFactory.getLogger(CsvSink.class);

    private final ReportCsvFile file;
    private final RecordStore records;

    public CsvSink(ReportCsvFile file, RecordStore records) {
        this.file = file;
        this.records = records;
    }

    /**
     * A delivery of the sink: the record's row, unless the file has it (a delivery run again after a crash). The row
     * is the record as stored now, not as the delivery was queued: a canonical url that replaced a short link
     * meanwhile (before a restart, or on another instance) is in it.
     */
    public void deliver(String document) throws IOException {
        Report queued = ReportJson.fromSinkDocument(document);
        // looked up under the file's lock: a url replaced before it found no row, and must be in this one
        if (file.append(queued.key(), () -> records.get(queued.key()).orElse(queued))) {
            // DEBUG: the outbox's worker says "Delivered … to csv" for each row already
            LOG.debug("Appended {} to {}", queued.label(), file.path());
        }
    }

    /** A record's url changed (a short link gave way to the article's identity): its row's url cell follows. */
    public void replaceUrl(Report report) {
        if (file.replaceUrl(report.key(), report.url())) {
            LOG.info("Updated the url of {} in {}", report.label(), file.path());
        }
    }
}
