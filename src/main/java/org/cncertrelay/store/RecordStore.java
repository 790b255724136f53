package org.cncertrelay.store;

import java.util.List;
import java.util.Optional;

import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;

/**
 * Every issue the relay has recorded, and where each one stands on its way out: fanned out (queued for every record
 * sink, the CSV among them), decided for announcement (chat, digest). The first record stored for a key wins;
 * later copies of the same issue (from a feed, a page, an archive) are not records.
 */
public interface RecordStore {

    /**
     * Stores a record unless its key is known. {@code announceCandidate}: it came from a live source, outside
     * backfill, and is newer than every issue known when the poll began.
     *
     * @return true when the record is new
     */
    boolean admit(Report report, boolean announceCandidate);

    boolean contains(ReportKey key);

    /** The record of {@code key} as it is now (with a canonical url that replaced its first one). */
    Optional<Report> get(ReportKey key);

    /**
     * Gives the record of {@code seen}'s issue {@code seen}'s url when that names the article's WeChat identity
     * and the stored one does not (a wewe-rss item links {@code https://mp.weixin.qq.com/s/<short id>}; a later
     * feed, page or recall link of the same issue gives {@code __biz}/{@code mid}/{@code idx}/{@code sn}). Nothing
     * else of the record changes, and it is not announced again.
     *
     * @return true when the record carries {@code seen}'s url and that names the article's identity, whether it
     *         took it now or earlier: the record sinks follow (a crash between the two must not leave them behind)
     */
    boolean preferCanonicalUrl(Report seen);

    /**
     * Replaces the record of {@code corrected}'s issue with {@code corrected}, when it differs: a newer parser read
     * the kept raw content of the issue otherwise ({@code --reparse}). Nothing else changes: the record is not
     * announced (again), and whether it was fanned out and decided stays as it was; the caller brings the record
     * sinks along.
     *
     * @return true when the stored record changed; false when the issue is not recorded or already reads so
     */
    boolean correct(Report corrected);

    /** Whether two records say the same, field by field. */
    static boolean sameRecord(Report one, Report other) {
        return ReportJson.toJson(one).equals(ReportJson.toJson(other));
    }

    /** Whether {@code url} names a WeChat article's identity, not a short link or another site's page. */
    static boolean isIdentity(String url) {
        return ArticleAddress.parse(url).filter(ArticleAddress::isWechatIdentity).isPresent();
    }

    /** Whether {@code seen} is a better url for a record that has {@code stored}: see {@link #preferCanonicalUrl}. */
    static boolean upgradesUrl(String stored, String seen) {
        return isIdentity(seen) && !isIdentity(stored);
    }

    /** All records, oldest first. */
    List<Report> all();

    /**
     * The newest issue that is settled: recorded without announcement, or already decided. An issue newer than
     * this is news. Candidates a crash left undecided do not count, so the rest of an interrupted poll is still
     * news after the restart. While a baseline is held ({@link #holdBaseline}), the held one.
     */
    Optional<ReportKey> announcementBaseline();

    /**
     * Keeps {@link #announcementBaseline()} at {@code baseline} until {@link #releaseBaseline()}, durably: live
     * pages a poll could not read yet stay news when a later poll reads them, though newer issues were decided
     * meanwhile. An earlier hold is kept (it is the older one).
     */
    void holdBaseline(ReportKey baseline);

    /** Lets the baseline follow the decided issues again: no missed live page is waiting any more. */
    void releaseBaseline();

    /** The record with the next-lower key, if known: what a change is measured against. */
    Optional<Report> previous(ReportKey key);

    /** Records admitted but not yet confirmed as queued for every record sink, oldest first. */
    List<Report> notFannedOut();

    void markFannedOut(ReportKey key);

    /**
     * Decides, once and durably, which undecided candidates are announced: all of them, except on a first start
     * (every record is an undecided candidate: the data dir was empty), when only the newest is, so a fresh install
     * does not flood chat with history. The issues to announce are handed to {@code queue} first and the decision
     * is recorded only once the queue took them: a crash or a failed write in between leaves them undecided, to be
     * decided and queued again by the next poll (the queue ignores what it already holds), never decided and lost.
     *
     * @return the records announced, oldest first
     */
    List<Report> decideAnnouncements(AnnouncementQueue queue);

    /** Where announced issues go before their decision is recorded: durable when {@link #queue} returns. */
    @FunctionalInterface
    interface AnnouncementQueue {
        /** Queues the issues (oldest first) for announcement, ignoring any already queued; throws if it cannot. */
        void queue(List<Report> reports);
    }

    /** Records decided for announcement, oldest first: what chat targets and digests carry. */
    List<Report> announced();
}
