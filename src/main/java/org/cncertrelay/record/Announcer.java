package org.cncertrelay.record;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.webhook.WebhookDispatcher;

/** The announce stage: queues a new issue for every chat target, with the issue before it for the change. */
public final class Announcer {

    private final RecordStore store;
    private final WebhookDispatcher webhooks;

    public Announcer(RecordStore store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    public void announce(Report report) {
        try {
            webhooks.enqueue(report, store.previous(report.key()).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue " + report.label() + " for the chat targets: "
                    + e.getMessage(), e);
        }
    }
}
