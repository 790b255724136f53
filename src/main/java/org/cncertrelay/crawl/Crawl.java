package org.cncertrelay.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cncertrelay.crypto.Sha256;
import org.cncertrelay.fetch.HostPolicy;
import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.FeedReader.FeedItem;
import org.cncertrelay.page.GarbledText;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.BulletinParser;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.DurableFiles;
import org.cncertrelay.store.PageLedger;
import org.cncertrelay.store.PollLog;
import org.cncertrelay.store.StoreUnavailableException;
import org.cncertrelay.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontier of one poll: seeds it from the configured sources and the retries that are due, hands its tasks to
 * the poll's readers, and settles each outcome: failures into the page ledger (with backoff), feed items and recall
 * links back into the frontier, issues on towards the record store.
 */
public final class Crawl {

    private static final Logger LOG = LoggerFactory.getLogger(Crawl.class);
    private static final Pattern ISSUE_IN_TEXT = Pattern.compile("(\\d{4})年第(\\d{1,3})期");
    private static final Pattern NAMES_AN_ISSUE =
            Pattern.compile("第\\d{1,3}期|\\d{1,2}月\\d{1,2}日|\\d{4}[.\\-]\\d{1,2}[.\\-]\\d{1,2}");
    private static final Set<PageProblem> FEED_TEXT_NOT_ENOUGH =
            Set.of(PageProblem.EMPTY_BODY, PageProblem.UNRECOGNISED, PageProblem.SHARE_CARD, PageProblem.MALFORMED);

    /**
     * The bulletin's 近期回顾 lists a handful of earlier issues, and no page of the account links more than a few
     * dozen: a page naming more issues than this is not a bulletin page to trust, and the rest are dropped.
     */
    static final int MAX_RECALL_LINKS_PER_PAGE = 50;

    private final CrawlSettings settings;
    private final HostPolicy hosts;
    private final PageLedger ledger;
    private final RecordStore records;
    private final PollLog pollLog;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Deque<FetchTask> frontier = new ArrayDeque<>();
    private final Set<String> queued = new HashSet<>();
    private final Map<String, Integer> unreachableHosts = new TreeMap<>();
    /** Live tasks (their issue may be news) of this poll that have not been read and stored yet. */
    private final Set<String> unsettledLive = new HashSet<>();
    private volatile boolean stopping;
    private Optional<ReportKey> baseline = Optional.empty();
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger storeUnavailable = new AtomicInteger();
    /** Tasks handed out by {@link #take()} and not yet {@link #done()}. */
    private int inFlight;
    private int liveAsked;
    private int liveAnswered;
    private int liveBackingOff;

    public Crawl(CrawlSettings settings, HostPolicy hosts, PageLedger ledger, RecordStore records, PollLog pollLog,
            RelayMetrics metrics, Clock clock) {
        this.settings = settings;
        this.hosts = hosts;
        this.ledger = ledger;
        this.records = records;
        this.pollLog = pollLog;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts a poll unless one is running (a scheduled poll overlapping the start-up one is skipped). */
    public boolean tryBegin() {
        if (!running.compareAndSet(false, true)) {
            LOG.info("Poll skipped: the previous poll is still running");
            return false;
        }
        synchronized (this) {
            frontier.clear();
            queued.clear();
            unsettledLive.clear();
            unreachableHosts.clear();
            recorded.set(0);
            rejected.set(0);
            storeUnavailable.set(0);
            liveAsked = 0;
            liveAnswered = 0;
            baseline = records.announcementBaseline();
            Instant now = clock.instant();
            archiveFiles().forEach(this::enqueue);
            liveBackingOff = 0;
            for (var url : settings.urls()) {
                ArticleAddress.parse(url.toString()).ifPresent(address -> {
                    if (ledger.isDue(address.key(), now)) {
                        enqueue(page(address, 0, !settings.backfill(), true));
                    } else if (backingOff(address.key(), now)) {
                        liveBackingOff++;
                    }
                });
            }
            for (var feed : settings.feeds()) {
                String key = "feed:" + feed;
                if (backingOff(key, now)) {
                    liveBackingOff++;
                } else {
                    enqueue(new FetchTask(FetchTask.Kind.FEED, key, feed, null, null, 0, !settings.backfill(),
                            true));
                }
            }
            for (PageLedger.Entry retry : ledger.dueRetries(now)) {
                if (!retry.key().startsWith("feed:") && !retry.key().startsWith("file:")) {
                    ArticleAddress.parse(retry.url()).ifPresent(address -> enqueue(
                            page(address, retry.depth(), retry.depth() == 0 && !settings.backfill(), false)));
                }
            }
            LOG.info("Poll started: {} source(s) to read", frontier.size());
        }
        return true;
    }

    /**
     * The next task for a reader, who reports {@link #done()} once it is settled; null when the poll is over (or
     * stopping). Each of the {@code reports.parallelism} readers takes its own tasks, so no thread stands between
     * one page and the next. While the frontier is empty but pages are in hand, this waits: they may still add
     * recall links or feed items. Pages on a host that could not be reached earlier in this poll are not requested
     * again now: they are deferred to a later poll, so an outage costs one request per host, not one per page.
     */
    public synchronized FetchTask take() throws InterruptedException {
        while (true) {
            deferPagesOnUnreachableHosts();
            if (stopping || frontier.isEmpty() && inFlight == 0) {
                notifyAll(); // the other readers and awaitSettled see the end too
                return null;
            }
            if (!frontier.isEmpty()) {
                inFlight++;
                return frontier.poll();
            }
            wait();
        }
    }

    /** A task handed out by {@link #take()} is settled (or failed). */
    public synchronized void done() {
        inFlight--;
        notifyAll();
    }

    /**
     * Waits until the frontier is read and every task handed out is settled: the poll's records are all in before
     * it decides news. When stopping, only the pages in hand are waited for.
     */
    public synchronized void awaitSettled() throws InterruptedException {
        while (inFlight > 0 || !stopping && !frontier.isEmpty()) {
            wait();
        }
    }

    private void deferPagesOnUnreachableHosts() {
        FetchTask task = frontier.peek();
        while (task != null && task.uri() != null && task.kind() != FetchTask.Kind.FEED_ITEM
                && unreachableHosts.containsKey(task.uri().getHost())) {
            frontier.poll();
            defer(task);
            task = frontier.peek();
        }
    }

    /** A page on a host found unreachable in this poll: counted in the host's summary line, retried later. */
    private void defer(FetchTask task) {
        unreachableHosts.merge(task.uri().getHost(), 1, Integer::sum);
        ledger.markFailed(task.key(), task.uri().toString(), task.depth(), PageProblem.NETWORK, clock.instant(),
                settings.retryInitialDelay(), settings.retryMaxDelay());
    }

    /**
     * A task whose processing failed in an unforeseen way: logged, and the poll goes on with the next one. A write
     * the disk refused was reported once already: the page is quietly read again on a later poll.
     */
    public void unexpected(FetchTask task, Exception error) {
        if (StoreUnavailableException.isCause(error)) {
            // the database is gone for now: the page is read again by a later poll, and the outage is said once
            // (by the health probe), not once per page
            storeUnavailable.incrementAndGet();
            return;
        }
        if (task != null && DurableFiles.WriteFailedException.causes(error)) {
            String url = task.uri() == null ? String.valueOf(task.file()) : task.uri().toString();
            ledger.markFailed(task.key(), url, task.depth(), PageProblem.NOT_STORED, clock.instant(),
                    settings.retryInitialDelay(), settings.retryMaxDelay());
            return;
        }
        LOG.error("Processing {} failed unexpectedly: {} — the poll goes on; please report this",
                task == null ? "a task" : task.where(), error.toString(), error);
    }

    /**
     * Settles one outcome. Returns the admission for an issue, null for anything else (which this method has
     * logged, counted and, for failures, written to the page ledger).
     */
    public Admission settle(PageOutcome outcome) {
        countLiveAnswer(outcome);
        if (outcome instanceof PageOutcome.Parsed parsed) {
            metrics.pageFetched();
            return admitted(parsed);
        }
        if (outcome instanceof PageOutcome.FeedRead feed) {
            feedRead(feed);
        } else {
            failed((PageOutcome.Rejected) outcome);
        }
        return null;
    }

    /** Called once the issue is safely in the record store, so a crash before it makes the page be read again. */
    public void markParsed(Admission admission) {
        FetchTask task = admission.task();
        settledLive(task);
        String url = task.uri() == null ? String.valueOf(task.file()) : task.uri().toString();
        ledger.markParsed(task.key(), url, task.depth());
        ArticleAddress.parse(admission.report().url())
                .filter(address -> !address.key().equals(task.key()))
                .ifPresent(address -> ledger.markParsed(address.key(), address.canonicalUrl(), task.depth()));
        recorded.incrementAndGet();
    }

    /**
     * Runs before the poll's news is decided. A live page this poll could not read (it failed for now, its host was
     * down, the store refused its record, the poll stopped first), or one still waiting from an earlier poll, may
     * hold an issue that is news: the issues decided now must not turn it into history. So the news baseline stays
     * where it was until every such page is read, and whether an issue is news does not depend on when a
     * transient failure happened.
     */
    public void keepNewsBaseline() {
        if (settings.backfill()) {
            return;
        }
        int missed;
        synchronized (this) {
            missed = unsettledLive.size();
        }
        if (missed > 0 || ledger.liveRetryPending()) {
            baseline.ifPresent(known -> {
                records.holdBaseline(known);
                if (missed > 0) {
                    LOG.info("{} live page(s) not read in this poll: issues newer than {}年第{}期 stay news until "
                            + "they are", missed, known.year(), known.issue());
                }
            });
        } else {
            records.releaseBaseline();
        }
    }

    public void finish() {
        synchronized (this) {
            unreachableHosts.forEach((host, deferred) -> {
                if (deferred > 0) {
                    LOG.warn("Host {} could not be reached: {} more page(s) on it deferred to a later poll", host,
                            deferred);
                }
            });
            if (storeUnavailable.get() > 0) {
                LOG.info("{} page(s) could not be stored while the database was unreachable; a later poll reads "
                        + "them again", storeUnavailable.get());
            }
            LOG.info("Poll finished: {} issue(s) read, {} page(s) skipped{}", recorded.get(), rejected.get(),
                    stopping ? " (stopped early: shutting down)" : "");
            frontier.clear();
        }
        try {
            // nothing to ask counts as success only when no live source is waiting out a failure
            boolean succeeded = storeUnavailable.get() == 0
                    && (liveAnswered > 0 || liveAsked == 0 && liveBackingOff == 0);
            Instant now = clock.instant();
            metrics.pollFinished(now, succeeded);
            if (succeeded) {
                pollLog.succeeded(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot note the poll's success: {}", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    /**
     * A source that answers with the verification page, errors or silence has not answered: a poll succeeds only
     * when a live source did, so health notices a blocked source instead of hiding it.
     */
    private synchronized void countLiveAnswer(PageOutcome outcome) {
        FetchTask.Kind kind = outcome.task().kind();
        if (kind == FetchTask.Kind.PAGE || kind == FetchTask.Kind.FEED) {
            liveAsked++;
            if (!(outcome instanceof PageOutcome.Rejected rejectedPage && rejectedPage.problem().temporary())) {
                liveAnswered++;
            }
        }
    }

    private boolean backingOff(String key, Instant now) {
        return ledger.get(key).filter(entry -> entry.status() == PageLedger.Status.TEMPORARY_FAILURE
                && entry.retryAt().isAfter(now)).isPresent();
    }

    /** Ends the current poll after the pages in hand: used on shutdown. */
    public synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    private Admission admitted(PageOutcome.Parsed parsed) {
        ReportKey key = parsed.report().key();
        boolean newer = baseline.map(known -> key.compareTo(known) > 0).orElse(true);
        synchronized (this) {
            followRecallLinks(parsed);
        }
        return new Admission(parsed.report(), parsed.task(), parsed.task().announce() && newer);
    }

    /**
     * Queues the recall links that name an issue, at most {@value #MAX_RECALL_LINKS_PER_PAGE} of them: a page listing
     * thousands would otherwise queue a poll of days.
     */
    private void followRecallLinks(PageOutcome.Parsed parsed) {
        int depth = parsed.task().depth() + 1;
        if (depth > settings.followDepth()) {
            return;
        }
        int considered = 0;
        for (Article.Link link : parsed.recallLinks()) {
            if (namesAnIssue(link) && considered++ < MAX_RECALL_LINKS_PER_PAGE) {
                follow(link, depth);
            }
        }
        if (considered > MAX_RECALL_LINKS_PER_PAGE) {
            int dropped = considered - MAX_RECALL_LINKS_PER_PAGE;
            metrics.linksRefused("page_limit", dropped);
            LOG.warn("Page {} lists {} recall links naming an issue: the first {} followed, {} dropped",
                    parsed.task().where(), considered, MAX_RECALL_LINKS_PER_PAGE, dropped);
        }
    }

    /**
     * The text must name an issue (第N期, or the week of the oldest issues), not merely the bulletin: a link such as
     * 网络安全信息与动态周报往期汇总 leads to a collection, not to an issue.
     */
    private static boolean namesAnIssue(Article.Link link) {
        String text = link.text().replaceAll("\\s", "");
        return text.contains(BulletinParser.BULLETIN_NAME) && NAMES_AN_ISSUE.matcher(text).find();
    }

    private void follow(Article.Link link, int depth) {
        Matcher issue = ISSUE_IN_TEXT.matcher(link.text().replaceAll("\\s", ""));
        if (issue.find() && records.contains(new ReportKey(Integer.parseInt(issue.group(1)),
                Integer.parseInt(issue.group(2))))) {
            return;
        }
        Optional<ArticleAddress> address = ArticleAddress.parse(link.href());
        if (address.isEmpty() || !ledger.isDue(address.get().key(), clock.instant())
                || queued.contains(address.get().key())) {
            return;
        }
        FetchTask task = page(address.get(), depth, false, false);
        Optional<String> refusal = hosts.refuseLink(task.uri());
        if (refusal.isPresent()) {
            refused(task, refusal.get() + " (a recall link)");
        } else {
            enqueue(task);
        }
    }

    /**
     * A link not requested: one WARN line. Not written to the page ledger: the allow-list alone decides, afresh
     * whenever the link is seen, and a refused live link is no page that failed for now (which would hold news).
     */
    private void refused(FetchTask task, String reason) {
        queued.add(task.key()); // a link listed twice is refused once a poll
        settledLive(task); // never to be read: it holds no news back
        rejected.incrementAndGet();
        LOG.warn("Skipped {}: not requested — {}", task.where(), reason);
    }

    private void feedRead(PageOutcome.FeedRead feed) {
        FetchTask task = feed.task();
        settledLive(task);
        ledger.markParsed(task.key(), task.uri().toString(), 0);
        int queuedItems = 0;
        synchronized (this) {
            for (FeedItem item : feed.items()) {
                Optional<ArticleAddress> address = ArticleAddress.parse(item.link());
                String key = address.map(ArticleAddress::key).orElse("feed-item:" + item.title());
                if (!ledger.isDue(key, clock.instant()) || queued.contains(key)) {
                    continue;
                }
                if (item.title() != null && !item.title().contains(BulletinParser.BULLETIN_NAME)) {
                    // another series of the same account: known from the title alone, never fetched; unless the
                    // title is garbled (the feed was decoded in the wrong charset), which says nothing yet
                    failed(new PageOutcome.Rejected(new FetchTask(FetchTask.Kind.FEED_ITEM, key,
                            address.map(ArticleAddress::fetchUri).orElse(null), null, item, 0, false, false),
                            GarbledText.looksGarbled(item.title()) ? PageProblem.UNDECODABLE
                                    : PageProblem.NOT_THIS_BULLETIN, "feed item titled \"" + item.title() + "\""));
                    continue;
                }
                if (item.html() != null) {
                    // parsed from the feed without a request; its link is checked only if it must be fetched
                    enqueue(new FetchTask(FetchTask.Kind.FEED_ITEM, key,
                            address.map(ArticleAddress::fetchUri).orElse(null), null, item, 0, task.announce(),
                            false));
                } else if (address.isPresent()) {
                    FetchTask page = page(address.get(), 0, task.announce(), false);
                    Optional<String> refusal = hosts.refuseLink(page.uri());
                    if (refusal.isPresent()) {
                        refused(page, refusal.get() + " (a feed item)");
                        continue;
                    }
                    enqueue(page);
                } else {
                    continue;
                }
                queuedItems++;
            }
        }
        LOG.info("Feed {}: {} item(s), {} new", task.where(), feed.items().size(), queuedItems);
    }

    private void failed(PageOutcome.Rejected failure) {
        FetchTask task = failure.task();
        if (task.kind() == FetchTask.Kind.FEED_ITEM && FEED_TEXT_NOT_ENOUGH.contains(failure.problem())
                && task.uri() != null) {
            // the feed carried a summary, not the article: read the page itself, if its host is allowed
            FetchTask page = new FetchTask(FetchTask.Kind.PAGE, task.key(), task.uri(), null, null, task.depth(),
                    task.announce(), false);
            Optional<String> refusal = hosts.refuseLink(page.uri());
            if (refusal.isPresent()) {
                refused(page, "the feed item has no full text (" + failure.detail() + "), and " + refusal.get());
                return;
            }
            LOG.info("{} has no full text ({}); fetching the article", task.where(), failure.detail());
            synchronized (this) {
                frontier.addFirst(page);
            }
            return;
        }
        // Only a host that could not be connected to is deferred. A read timeout means the host answered but this
        // page was slow: deferring the host for it let one slow page stop every other page of the poll.
        if (failure.problem() == PageProblem.NETWORK
                && task.uri() != null && task.kind() != FetchTask.Kind.FEED_ITEM) {
            synchronized (this) {
                if (task.depth() > 0 && unreachableHosts.containsKey(task.uri().getHost())) {
                    // a followed link on a host another reader found unreachable first joins the deferred, unlogged
                    // (a configured source always says it failed)
                    defer(task);
                    return;
                }
                unreachableHosts.putIfAbsent(task.uri().getHost(), 0);
            }
        }
        if (!failure.problem().temporary()) {
            settledLive(task);
        }
        rejected.incrementAndGet();
        metrics.pageFailed(failure.problem());
        if (failure.problem() == PageProblem.UNDECODABLE) {
            // not in the ledger: the next poll reads it again, from the feed that lists it or the page itself
            LOG.warn("Skipped {}: {} — {}", task.where(), failure.problem().explanation(), failure.detail());
            return;
        }
        String url = task.uri() != null ? task.uri().toString() : String.valueOf(task.file());
        PageLedger.Entry entry = ledger.markFailed(task.key(), url, task.depth(), failure.problem(),
                clock.instant(), settings.retryInitialDelay(), settings.retryMaxDelay());
        LOG.warn("Skipped {}: {} — {}{}", task.where(), failure.problem().explanation(), failure.detail(),
                entry.retryAt() == null ? "" : " (attempt " + entry.attempts() + ", next try after "
                        + entry.retryAt() + ")");
    }

    private void enqueue(FetchTask task) {
        if (queued.add(task.key())) {
            frontier.add(task);
            if (task.announce()) {
                unsettledLive.add(task.key());
            }
        }
    }

    private synchronized void settledLive(FetchTask task) {
        unsettledLive.remove(task.key());
    }

    private static FetchTask page(ArticleAddress address, int depth, boolean announce, boolean configured) {
        return new FetchTask(FetchTask.Kind.PAGE, address.key(), address.fetchUri(), null, null, depth, announce,
                configured);
    }

    private List<FetchTask> archiveFiles() {
        Path dir = settings.archiveDir();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT)
                            .matches(".*\\.(html?|md|txt)$"))
                    .sorted()
                    .map(this::archiveTask)
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the archive folder {}: {} — check reports.archive-dir", dir, e.getMessage());
            return List.of();
        }
    }

    /** Archive files are identified by content, so a renamed or copied file is not imported twice. */
    private Optional<FetchTask> archiveTask(Path file) {
        try {
            String key = "file:" + Sha256.hex(Files.readAllBytes(file));
            return ledger.isDue(key, clock.instant())
                    ? Optional.of(new FetchTask(FetchTask.Kind.FILE, key, null, file, null, 0, false, false))
                    : Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read archive file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
