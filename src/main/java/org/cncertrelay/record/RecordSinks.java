package org.cncertrelay.record;

import java.io.IOException;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.webhook.WebhookDispatcher;

/**
 * The fan-out to the record sinks (the user's sink routes): every record the store takes, as the CSV file gets it
 * (news, backfill and the archive alike), queued once per sink in the webhook outbox, with the issue before it for
 * the change figures. Chat targets are told of news only, by the {@link Announcer}.
 */
public final class RecordSinks {

    private final RecordStore store;
    private final WebhookDispatcher webhooks;

    public RecordSinks(RecordStore store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    /** Durable on return; a failure leaves the record to be fanned out again (the outbox keeps one per sink). */
    public void offer(Report record) throws IOException {
        webhooks.offerToSinks(record, store.previous(record.key()).orElse(null));
    }
}
