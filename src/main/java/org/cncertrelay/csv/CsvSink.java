package org.cncertrelay.csv;

import org.cncertrelay.report.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CSV stage of the fan-out: appends each new record to {@code reports.csv}, once. */
public final class CsvSink {

    private static final Logger LOG = LoggerFactory.getLogger(CsvSink.class);

    private final ReportCsvFile file;

    public CsvSink(ReportCsvFile file) {
        this.file = file;
    }

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
