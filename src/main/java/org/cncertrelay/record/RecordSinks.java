package org.cncertrelay.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.webhook.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out to the record sinks (the built-in CSV sink and the user's sink routes): every record the store takes
 * (news, backfill and the archive alike), queued once per sink in the webhook outbox, with the issue before it for
 * the change figures. A user sink switched on after records were taken gets that history at the first poll (the
 * CSV's history is the file, which the file store's start-up check completes). Chat targets are told of news only,
 * by the {@link Announcer}.
 */
public final class RecordSinks {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSinks.class);

    private final RecordStore store;
    private final WebhookDispatcher webhooks;
    private volatile boolean historyOffered;

    public RecordSinks(RecordStore store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    /** Durable on return; a failure leaves the record to be fanned out again (the outbox keeps one per sink). */
    public void offer(Report record) throws IOException {
        webhooks.offerToSinks(record, store.previous(record.key()).orElse(null));
    }

    /**
     * Once per process, before its first poll reads anything: every record a user sink has not had yet (a sink
     * switched on after they were recorded), oldest first, in one write; the outbox skips what it already holds, so
     * this queues nothing when every sink is up to date. A write refused is said once and tried again next poll.
     */
    public void offerHistory() {
        if (historyOffered) {
            return;
        }
        if (!webhooks.hasUserSinks()) {
            historyOffered = true; // and the store is not read for nothing (a whole table on PostgreSQL)
            return;
        }
        List<WebhookDispatcher.News> history = new ArrayList<>();
        Report previous = null;
        for (Report record : store.all()) {
            history.add(new WebhookDispatcher.News(record, previous));
            previous = record;
        }
        try {
            List<String> fresh = webhooks.offerHistory(history);
            historyOffered = true;
            if (!fresh.isEmpty()) {
                Map<String, Integer> perSink = new TreeMap<>();
                fresh.forEach(sink -> perSink.merge(sink, 1, Integer::sum));
                LOG.info("Offering the record sinks the recorded issues they have not had, oldest first: {}",
                        perSink);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot offer the record sinks the issues recorded before them: {} — tried again next poll",
                    e.getMessage());
        }
    }
}
