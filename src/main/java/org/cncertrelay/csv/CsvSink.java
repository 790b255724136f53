package org.cncertrelay.csv;

import java.io.IOException;

import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in record sink {@code csv}: appends each record it is given, as every record sink gets it (the versioned
 * JSON document), to {@code reports.csv}, once.
 */
public final class CsvSink {

    private static final Logger LOG = LoggerFactory.getLogger(CsvSink.class);

    private final ReportCsvFile file;

    public CsvSink(ReportCsvFile file) {
        this.file = file;
    }

    /** A delivery of the sink: the record's row, unless the file has it (a delivery run again after a crash). */
    public void deliver(String document) throws IOException {
        append(ReportJson.fromSinkDocument(document));
    }

    /** The record's row, unless the file has it. */
    public void append(Report report) {
        if (file.append(report)) {
            LOG.info("Appended {} to {}", report.label(), file.path());
        }
    }

    /** A record's url changed (a short link gave way to the article's identity): its row's url cell follows. */
    public void replaceUrl(Report report) {
        if (file.replaceUrl(report.key(), report.url())) {
            LOG.info("Updated the url of {} in {}", report.label(), file.path());
        }
    }
}
