package org.cncertrelay.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.cncertrelay.report.Report;
import org.cncertrelay.store.DurableFiles;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.store.StoreUnavailableException;
import org.cncertrelay.webhook.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The announce stage: decides which of a poll's new issues are news and queues them for every chat target, each
 * with the issue before it. The chat outbox holds them before the decision is recorded, so no decided issue is
 * ever without its messages: a crash in between makes the next poll decide and queue them again, and the outbox
 * keeps one delivery per issue and target.
 */
public final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private static final int LABELS_AT_EACH_END = 5;

    private final RecordStore store;
    private final WebhookDispatcher webhooks;

    public Announcer(RecordStore store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    /**
     * @return the issues announced by this call, oldest first; none while the disk or the database refuses the
     *         writes (the issues stay undecided, and the next poll announces them)
     */
    public List<Report> announce() {
        try {
            return store.decideAnnouncements(this::queue);
        } catch (RuntimeException e) {
            if (!DurableFiles.WriteFailedException.causes(e) && !StoreUnavailableException.isCause(e)) {
                throw e;
            }
            LOG.warn("Announcements wait for the next poll: {}", e.getMessage());
            return List.of();
        }
    }

    private void queue(List<Report> reports) {
        if (reports.isEmpty()) {
            return;
        }
        LOG.info("Announcing {}", labels(reports));
        try {
            webhooks.enqueue(reports.stream()
                    .map(report -> new WebhookDispatcher.News(report, store.previous(report.key()).orElse(null)))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue " + labels(reports)
                    + " for the chat targets (they stay undecided; the next poll tries again): " + e.getMessage(), e);
        }
    }

    /** The issues' labels, oldest first; a catch-up of thousands shows its first and last few, and how many. */
    static String labels(List<Report> reports) {
        List<String> labels = reports.stream().map(Report::label).toList();
        if (labels.size() <= 2 * LABELS_AT_EACH_END) {
            return labels.toString();
        }
        return "[" + String.join(", ", labels.subList(0, LABELS_AT_EACH_END)) + ", … "
                + (labels.size() - 2 * LABELS_AT_EACH_END) + " more …, "
                + String.join(", ", labels.subList(labels.size() - LABELS_AT_EACH_END, labels.size())) + "] ("
                + labels.size() + " issues)";
    }
}
