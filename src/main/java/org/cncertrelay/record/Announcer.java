package org.cncertrelay.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.webhook.WebhookDispatcher;

/** The announce stage: queues a poll's new issues for every chat target, each with the issue before it. */
public final class Announcer {

    private final RecordStore store;
    private final WebhookDispatcher webhooks;

    public Announcer(RecordStore store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    public void announce(List<Report> reports) {
        try {
            webhooks.enqueue(reports.stream()
                    .map(report -> new WebhookDispatcher.News(report, store.previous(report.key()).orElse(null)))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue " + reports.stream().map(Report::label).toList()
                    + " for the chat targets: " + e.getMessage(), e);
        }
    }
}
