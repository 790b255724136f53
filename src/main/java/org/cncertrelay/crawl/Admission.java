package org.cncertrelay.crawl;

import org.cncertrelay.report.Report;

/** A parsed issue on its way into the record store, with the task it came from. */
public record Admission(Report report, FetchTask task, boolean announceCandidate) {
}
