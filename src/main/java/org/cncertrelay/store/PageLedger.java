package org.cncertrelay.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.ParserVersion;

/**
 * What the relay knows about each page it has fetched (keyed by article identity, feed URL or archive file): parsed,
 * failed for good, or failed for now and due again at a later time. Lets a rerun skip what it already read.
 */
public interface PageLedger {

    enum Status { PARSED, PERMANENT_FAILURE, TEMPORARY_FAILURE }

    /**
     * One page's standing. {@code depth} is how many recall links led to it (0 for configured sources);
     * {@code parserVersion} the {@link ParserVersion#PARSER_VERSION} that judged it.
     */
    record Entry(String key, String url, Status status, PageProblem problem, int attempts, Instant retryAt,
            int depth, int parserVersion) {

        /** A rejection the parser made that a newer parser, the one running now, is to judge again. */
        public boolean retriedByNewParser() {
            return status == Status.PERMANENT_FAILURE && ParserVersion.retriedNow(problem, parserVersion);
        }
    }

    Optional<Entry> get(String key);

    /** True unless the page was parsed, failed for good, or failed for now and is not due yet. */
    default boolean isDue(String key, Instant now) {
        return get(key).map(entry -> switch (entry.status()) {
            case PARSED -> false;
            case PERMANENT_FAILURE -> entry.retriedByNewParser();
            case TEMPORARY_FAILURE -> !entry.retryAt().isAfter(now);
        }).orElse(true);
    }

    default void markParsed(String key, String url, int depth) {
        put(new Entry(key, url, Status.PARSED, null, 0, null, depth, ParserVersion.PARSER_VERSION));
    }

    /**
     * Records a failure. Temporary ones are due again after {@code initialBackoff} doubled per earlier attempt,
     * at most {@code maxBackoff}.
     */
    default Entry markFailed(String key, String url, int depth, PageProblem problem, Instant now,
            Duration initialBackoff, Duration maxBackoff) {
        int attempts = get(key).map(Entry::attempts).orElse(0) + 1;
        Entry entry = failure(key, url, depth, problem, attempts, now, initialBackoff, maxBackoff);
        put(entry);
        return entry;
    }

    /** Stores the page's new standing, replacing the old one. */
    void put(Entry entry);

    /** The entry a failure makes: temporary ones are due again after the backoff for this attempt. */
    static Entry failure(String key, String url, int depth, PageProblem problem, int attempts, Instant now,
            Duration initialBackoff, Duration maxBackoff) {
        if (!problem.temporary()) {
            return new Entry(key, url, Status.PERMANENT_FAILURE, problem, attempts, null, depth,
                    ParserVersion.PARSER_VERSION);
        }
        Duration backoff = initialBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        return new Entry(key, url, Status.TEMPORARY_FAILURE, problem, attempts, now.plus(backoff), depth,
                ParserVersion.PARSER_VERSION);
    }

    /**
     * Pages that failed for now and are due again, and pages an older parser rejected
     * ({@link Entry#retriedByNewParser()}): read again by the next poll.
     */
    List<Entry> dueRetries(Instant now);

    /**
     * True while a live source failed for now and waits for its retry: a configured page or feed, or a page one of
     * them listed (depth 0), not an archive file. Its issue may still be news when the retry reads it.
     */
    boolean liveRetryPending();
}
