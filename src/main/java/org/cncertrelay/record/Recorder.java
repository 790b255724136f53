package org.cncertrelay.record;

import java.util.List;

import org.cncertrelay.crawl.Admission;
import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.report.Report;
import org.cncertrelay.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The record stage: admits new issues into the store and tracks their way to the sinks. */
public final class Recorder {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final RecordStore store;
    private final RelayMetrics metrics;

    public Recorder(RecordStore store, RelayMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Stores the issue unless known; true when it is new and must be fanned out. */
    public boolean admit(Admission admission) {
        Report report = admission.report();
        if (!store.admit(report, admission.announceCandidate())) {
            LOG.debug("Already recorded: {} ({})", report.label(), admission.task().where());
            return false;
        }
        metrics.recordIngested(report);
        LOG.info("Recorded {} ({} .. {}, rating {}, {} incidents) from {}", report.label(), report.periodStart(),
                report.periodEnd(), report.rating() == null ? "?" : report.rating().chinese(),
                report.incidentsTotal() == null ? "?" : report.incidentsTotal(), admission.task().where());
        if (!report.warnings().isEmpty()) {
            LOG.warn("Recorded {} with validation warnings: {} — check the issue at {}", report.label(),
                    String.join("; ", report.warnings()), report.url());
        }
        return true;
    }

    /**
     * For an issue already recorded: true when the record carries this copy's url, the article's identity, which
     * it takes from a copy when it had only a short link (see {@link RecordStore#preferCanonicalUrl}); the record
     * sinks then follow it. Nothing is announced.
     */
    public boolean preferCanonicalUrl(Admission admission) {
        return store.preferCanonicalUrl(admission.report());
    }

    public void markFannedOut(Report report) {
        store.markFannedOut(report.key());
    }

    /**
     * Issues recorded before a crash but not confirmed as queued for every sink: fanned out again (the outbox keeps
     * one delivery per record and sink).
     */
    public List<Report> pendingFanOut() {
        return store.notFannedOut();
    }
}
