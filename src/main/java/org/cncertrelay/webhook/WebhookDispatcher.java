package org.cncertrelay.webhook;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.cncertrelay.report.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every new report, exactly once, to every configured chat target (news only, {@link #enqueue}), and every
 * record to every record sink, the CSV among them ({@link #offerToSinks}): the one outbox of the relay.
 *
 * <p>{@link #enqueue} and {@link #offerToSinks} write one pending delivery per target to a durable outbox under
 * {@code <dataDir>/webhooks/} before anything is sent, and return at once; one worker thread per target then sends
 * them, oldest report first, at the target's rate, retrying with exponential backoff. A delivery the receiver
 * refuses for good, or whose retries run out, becomes a dead letter in {@code <dataDir>/dead-letters/} until
 * {@link #replayDeadLetters()} (the CSV sink's retries do not run out). A report already delivered, pending or
 * dead-lettered for a target is never enqueued for it again, and deliveries still pending when the process stops
 * resume when a dispatcher is next opened on the same data dir.
 *
 * <p><b>Delivery guarantee.</b> Two windows are at-least-once. If the process dies after a receiver accepted a
 * message but before the dispatcher recorded that in its ledger, the delivery is still pending on disk and is
 * sent again after the restart. If a send fails after the request left (connection reset, answer timed out), the
 * receiver may have it: it is sent again, but at most {@link RetryPolicy#unansweredResends()} times. Each resend
 * carries the same {@code delivery_id} (the generic payload's field and {@code X-Relay-Delivery} header, stable
 * per report and target) so receivers can deduplicate it; chat tools will show the message twice. Every other
 * case is exactly once: a crash before the send leaves the delivery pending, one after the ledger write leaves it
 * delivered, and a failure to connect proves nothing was sent.
 *
 * <p><b>Several instances.</b> {@link #onDatabase} keeps the ledger in PostgreSQL instead, shared by instances
 * running the same targets: a report enqueued by several of them is owed once per target (a database key), each
 * delivery is claimed and sent by one instance at a time, dead letters are rows that any instance can replay,
 * and each instance polls for deliveries the others enqueued or abandoned.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DeliveryLedger ledger;
    private final Map<String, TargetWorker> workers = new LinkedHashMap<>();
    /** The record sinks among the targets: offered every record, where chat targets are told of news only. */
    private final List<String> sinks;
    /** The sinks but the CSV: offered the history they missed (the CSV's history is the file itself). */
    private final List<String> userSinks;
    private final List<String> chatTargets;
    private final Thread poller;
    private final Object idleLock = new Object();
    /**
     * The deliveries handed to the workers and not settled yet (id to target): one hand-out per delivery at a
     * time.
     */
    private final Map<String, String> outstanding = new HashMap<>();
    private boolean closed;

    /** Opens the outbox under {@code dataDir}, starts one worker per target and resumes pending deliveries. */
    public WebhookDispatcher(WebhookSettings settings, Path dataDir) throws IOException {
        this(settings, dataDir, new JdkHttpTransport());
    }

    public WebhookDispatcher(WebhookSettings settings, Path dataDir, WebhookTransport transport) throws IOException {
        this(settings, dataDir, transport, DeliveryEvents.NONE);
    }

    public WebhookDispatcher(WebhookSettings settings, Path dataDir, WebhookTransport transport, DeliveryEvents events)
            throws IOException {
        this(settings, new FileDeliveryLedger(dataDir), transport, events);
    }

    /**
     * A dispatcher on the shared PostgreSQL database (schema by {@code Database.migrate()}), for several instances
     * with the same targets: each delivery is enqueued once whichever instances enqueue its report, sent by one
     * instance at a time, and taken over by another within a minute if the one sending it dies (claims last 30 s
     * beyond the send or wait in progress). Each instance also looks every 2 s for deliveries the others
     * enqueued, replayed or left behind. The crash window of the class description stays: a delivery whose
     * {@code delivered} update was lost is sent again, with the same {@code delivery_id}, by the instance that
     * takes it over.
     *
     * @param instanceId names this instance in the claims it holds (host or pod name), for whoever reads the table
     */
    public static WebhookDispatcher onDatabase(WebhookSettings settings, DataSource dataSource, String instanceId,
                                               WebhookTransport transport, DeliveryEvents events) throws IOException {
        return new WebhookDispatcher(settings, new PgDeliveryLedger(dataSource, instanceId,
                PgDeliveryLedger.DEFAULT_LEASE, PgDeliveryLedger.DEFAULT_POLL_INTERVAL), transport, events);
    }

    /** Starts one worker per target on {@code ledger}, resumes its pending deliveries and, if shared, polls it. */
    WebhookDispatcher(WebhookSettings settings, DeliveryLedger ledger, WebhookTransport transport,
                      DeliveryEvents events) throws IOException {
        this.ledger = ledger;
        for (WebhookTarget target : settings.targets()) {
            workers.put(target.name(), new TargetWorker(target, transport, settings.retryFor(target),
                    settings.timeout(), ledger, this::settled, events));
        }
        sinks = settings.sinks().stream().map(WebhookTarget::name).toList();
        userSinks = settings.userSinks().stream().map(WebhookTarget::name).toList();
        chatTargets = workers.keySet().stream().filter(target -> !sinks.contains(target)).toList();
        List<Delivery> resumed = new ArrayList<>();
        for (Delivery delivery : ledger.pending()) {
            if (workers.containsKey(delivery.target())) {
                resumed.add(delivery);
            } else {
                LOG.warn("Delivery of {} to {} stays pending: target is not configured here", delivery.label(),
                        delivery.target());
            }
        }
        if (!resumed.isEmpty()) {
            LOG.info("Resuming {} pending webhook deliveries", resumed.size());
        }
        hand(resumed);
        workers.values().forEach(TargetWorker::start);
        this.poller = ledger.pollInterval().map(this::startPolling).orElse(null);
    }

    /**
     * Schedules news {@code record} for every chat target that has not had it yet; durable on return, sent in the
     * background.
     *
     * @param previous the issue with the next-lower key, for the change figures, or null when unknown
     * @return the names of the targets it was newly scheduled for
     */
    public List<String> enqueue(Report record, Report previous) throws IOException {
        return enqueue(List.of(new News(record, previous))).stream().map(Delivery::target).toList();
    }

    /**
     * Schedules each news issue for every chat target that has not had it yet, all in one write to the ledger (a
     * catch-up of many issues costs one forced write, not one per issue); durable on return, sent in the
     * background. Record sinks are not told here: {@link #offerToSinks} gives them every record as it is recorded.
     *
     * @return the deliveries newly scheduled
     */
    public List<Delivery> enqueue(List<News> news) throws IOException {
        return schedule(news, chatTargets);
    }

    /**
     * Schedules a record, new to the store, for every record sink that has not had it yet, as it is recorded:
     * news, backfill and the archive alike (the CSV file is one). Durable on return (one forced write), sent in the
     * background.
     *
     * @param previous the issue with the next-lower key known now, for the change figures, or null
     * @return the sinks it was newly scheduled for
     */
    public List<String> offerToSinks(Report record, Report previous) throws IOException {
        return schedule(List.of(new News(record, previous)), sinks).stream().map(Delivery::target).toList();
    }

    /** Whether a record sink of the user's (not the built-in CSV) is configured. */
    public boolean hasUserSinks() {
        return !userSinks.isEmpty();
    }

    /**
     * Offers the user's record sinks the records taken before they were switched on, in one write: those a sink
     * already had are skipped. Not the CSV: its history is the file, which the file store's start-up check completes.
     *
     * @return the sink of each delivery newly scheduled
     */
    public List<String> offerHistory(List<News> records) throws IOException {
        return schedule(records, userSinks).stream().map(Delivery::target).toList();
    }

    private List<Delivery> schedule(List<News> news, List<String> targets) throws IOException {
        List<Delivery> candidates = new ArrayList<>();
        Instant now = Instant.now();
        for (News issue : news) {
            for (String target : targets) {
                candidates.add(Delivery.published(target, issue.record(), issue.previous(), now));
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Delivery> fresh;
        synchronized (idleLock) {
            ensureOpen();
            fresh = ledger.addNew(candidates);
            hand(fresh);
        }
        return fresh;
    }

    /**
     * Offers records {@code --reparse} corrected to the record sinks but the CSV, and to nothing else (a correction
     * is announced nowhere): one delivery per (record, sink) with the event {@code corrected} and an id of its own,
     * queued in the outbox of {@code dataDir}, or of {@code database} when set, for the next daemon or {@code --once}
     * to send. The same correction is queued once however often it is offered.
     *
     * @return the deliveries newly queued
     */
    public static List<String> offerCorrections(WebhookSettings settings, Path dataDir, DataSource database,
                                                String instanceId, List<News> corrections) throws IOException {
        List<Delivery> candidates = new ArrayList<>();
        Instant now = Instant.now();
        List<WebhookTarget> sinks = settings.userSinks();
        for (News correction : corrections) {
            sinks.forEach(sink ->
                    candidates.add(Delivery.corrected(sink.name(), correction.record(), correction.previous(), now)));
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        DeliveryLedger ledger = database == null ? new FileDeliveryLedger(dataDir) : new PgDeliveryLedger(database,
                instanceId, PgDeliveryLedger.DEFAULT_LEASE, PgDeliveryLedger.DEFAULT_POLL_INTERVAL);
        return ledger.addNew(candidates).stream().map(Delivery::id).toList();
    }

    /**
     * An issue to announce, with the issue before it for the change figures.
     *
     * @param previous the issue with the next-lower key, or null when unknown
     */
    public record News(Report record, Report previous) {
        public News {
            if (previous != null && previous.key().compareTo(record.key()) >= 0) {
                throw new IllegalArgumentException("previous " + previous.label() + " is not older than "
                        + record.label());
            }
        }
    }

    /** Sends all dead letters of configured targets again, with fresh retries; returns how many. */
    public int replayDeadLetters() throws IOException {
        List<Delivery> replayed;
        synchronized (idleLock) {
            ensureOpen();
            replayed = ledger.replayDeadLetters(workers.keySet());
            hand(replayed);
        }
        if (!replayed.isEmpty()) {
            LOG.info("Replaying {} dead-lettered webhook deliveries", replayed.size());
        }
        return replayed.size();
    }

    /** Dead letters waiting for a replay; on the database, those of all instances. */
    public int deadLettersWaiting() {
        return ledger.deadLettersWaiting();
    }

    /**
     * Deliveries this dispatcher has in hand and not yet delivered or dead-lettered, across all configured
     * targets; on the database, not those other instances are sending.
     */
    public int pendingDeliveries() {
        synchronized (idleLock) {
            return outstanding.size();
        }
    }

    /**
     * Waits until every delivery handed out so far is delivered or dead-lettered (for {@code --once} runs); on
     * the database, one another instance claimed counts as settled here. Gives up early when nothing can be sent
     * before the timeout: every target with work is sitting out a backoff that ends after it (a target that is
     * down), so a run does not wait for nothing; those deliveries stay pending on disk for the next run.
     *
     * @return false if the timeout passed, or would pass, first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Instant deadlineInstant = Instant.now().plus(timeout);
        synchronized (idleLock) {
            while (!outstanding.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || nothingSendableBefore(deadlineInstant)) {
                    return false;
                }
                // backoffs do not notify: look again shortly
                idleLock.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    /** Every outstanding delivery waits behind a backoff that ends after {@code deadline}. */
    private boolean nothingSendableBefore(Instant deadline) {
        Set<String> targetsWithWork = new HashSet<>();
        targetsWithWork.addAll(outstanding.values());
        return !targetsWithWork.isEmpty() && targetsWithWork.stream().allMatch(target ->
                workers.get(target).retryingAt().filter(at -> at.isAfter(deadline)).isPresent());
    }

    /**
     * Stops the workers; undelivered deliveries stay pending in the ledger for the next start, and the claims
     * this instance held are released for the others.
     */
    @Override
    public void close() {
        synchronized (idleLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (poller != null) {
                poller.interrupt();
                poller.join();
            }
            for (TargetWorker worker : workers.values()) {
                worker.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Counts the deliveries as outstanding before any worker can settle them, so awaitIdle never misses one;
     * skips those already in hand, which a poll of a shared ledger finds again until they are claimed.
     */
    private void hand(List<Delivery> deliveries) {
        List<Delivery> handed = new ArrayList<>();
        synchronized (idleLock) {
            for (Delivery delivery : deliveries) {
                if (outstanding.putIfAbsent(delivery.id(), delivery.target()) == null) {
                    handed.add(delivery);
                }
            }
        }
        for (Delivery delivery : handed) {
            workers.get(delivery.target()).submit(delivery);
        }
    }

    private void settled(Delivery delivery) {
        synchronized (idleLock) {
            outstanding.remove(delivery.id());
            idleLock.notifyAll();
        }
    }

    private Thread startPolling(Duration interval) {
        Thread thread = new Thread(() -> pollLedger(interval), "webhook-ledger-poll");
        thread.setDaemon(true); // like the workers: a forgotten close() must not keep the JVM alive
        thread.start();
        return thread;
    }

    /**
     * Picks up what the in-memory queues cannot know of: deliveries other instances enqueued or replayed, and
     * those whose claim lapsed with an instance that died.
     */
    private void pollLedger(Duration interval) {
        boolean failing = false;
        try {
            while (true) {
                Thread.sleep(interval.toMillis());
                try {
                    List<Delivery> found = ledger.pending().stream()
                            .filter(delivery -> workers.containsKey(delivery.target())).toList();
                    synchronized (idleLock) {
                        if (closed) {
                            return;
                        }
                        hand(found);
                    }
                    if (failing) {
                        LOG.info("The webhook ledger answers again");
                        failing = false;
                    }
                } catch (IOException e) {
                    // once per outage, not every interval
                    if (!failing) {
                        LOG.warn("Cannot look for pending webhook deliveries; trying again every {} ms: {}",
                                interval.toMillis(), e.toString());
                        failing = true;
                    }
                }
            }
        } catch (InterruptedException e) {
            // close()
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("webhook dispatcher is closed");
        }
    }
}
