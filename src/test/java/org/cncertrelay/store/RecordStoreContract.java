package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.junit.jupiter.api.Test;

/** What every record store must do, run against the file store and the PostgreSQL store. */
abstract class RecordStoreContract {

    /** What the stores under test handed to the announcement queue, in order. */
    final List<Report> queued = new ArrayList<>();

    /** A fresh, empty store; a second call with {@code reopen} gives the same store as after a restart. */
    abstract RecordStore open(boolean reopen);

    static Report issue(int year, int number) {
        return new Report(year, number, LocalDate.of(year, 1, 1), LocalDate.of(year, 1, 7), LocalDate.of(year, 1, 10),
                Rating.GOOD, 100 + number, 50, 40, null, 3, "网络安全信息与动态周报" + year + "年第" + number + "期",
                "https://mp.weixin.qq.com/s?__biz=x&mid=" + number + "&idx=1", "CNCERT", List.of("https://img/1"),
                List.of());
    }

    @Test
    void theFirstCopyOfAnIssueWinsAndSurvivesARestart() {
        RecordStore store = open(false);
        assertThat(store.admit(issue(2024, 39), false)).isTrue();
        assertThat(store.admit(issue(2024, 39).withWarnings(List.of("other copy")), true)).isFalse();
        RecordStore reopened = open(true);
        assertThat(reopened.all()).containsExactly(issue(2024, 39));
        assertThat(reopened.contains(new ReportKey(2024, 39))).isTrue();
        assertThat(reopened.previous(new ReportKey(2025, 1))).contains(issue(2024, 39));
        assertThat(reopened.previous(new ReportKey(2024, 39))).isEmpty();
    }

    @Test
    void aShortLinkGivesWayToTheArticleIdentityOnce() {
        RecordStore store = open(false);
        Report canonical = issue(2024, 40);
        Report shortLink = canonical.withUrl("https://mp.weixin.qq.com/s/Xy_Z-12ab");
        assertThat(store.admit(shortLink, true)).isTrue();
        store.markFannedOut(shortLink.key());
        assertThat(store.preferCanonicalUrl(shortLink)).isFalse();
        assertThat(store.preferCanonicalUrl(canonical.withWarnings(List.of("a copy's warning")))).isTrue();
        // the record has it: the sinks may follow again (a crash may have come between)
        assertThat(store.preferCanonicalUrl(canonical)).isTrue();
        // once canonical, neither a short link nor another identity replaces it
        assertThat(store.preferCanonicalUrl(shortLink)).isFalse();
        assertThat(store.preferCanonicalUrl(canonical.withUrl("https://mp.weixin.qq.com/s?__biz=x&mid=999&idx=1")))
                .isFalse();
        assertThat(store.preferCanonicalUrl(issue(2024, 41))).as("an issue not recorded").isFalse();
        RecordStore reopened = open(true);
        // only the url changed: not the warnings of the copy, not the record's standing
        assertThat(reopened.all()).containsExactly(canonical);
        assertThat(reopened.get(canonical.key())).as("as it is now").contains(canonical);
        assertThat(reopened.get(issue(2024, 41).key())).isEmpty();
        assertThat(reopened.notFannedOut()).isEmpty();
        assertThat(reopened.decideAnnouncements(queued::addAll)).containsExactly(canonical);
    }

    @Test
    void aCorrectionReplacesTheRecordAndNothingElse() {
        RecordStore store = open(false);
        Report missedAFigure = new Report(2024, 42, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 7),
                LocalDate.of(2024, 1, 10), Rating.GOOD, null, 50, 40, null, 3, "网络安全信息与动态周报2024年第42期",
                "https://mp.weixin.qq.com/s?__biz=x&mid=42&idx=1", "CNCERT", List.of("https://img/1"), List.of());
        store.admit(missedAFigure, true);
        store.markFannedOut(missedAFigure.key());
        assertThat(store.decideAnnouncements(queued::addAll)).containsExactly(missedAFigure);

        Report corrected = issue(2024, 42);
        assertThat(store.correct(corrected)).isTrue();
        assertThat(store.correct(corrected)).as("already reads so").isFalse();
        assertThat(store.correct(issue(2024, 43))).as("an issue not recorded").isFalse();
        assertThat(store.contains(new ReportKey(2024, 43))).isFalse();

        RecordStore reopened = open(true);
        assertThat(reopened.all()).containsExactly(corrected);
        // its standing is as it was: fanned out, decided once, not a candidate again
        assertThat(reopened.notFannedOut()).isEmpty();
        assertThat(reopened.decideAnnouncements(queued::addAll)).isEmpty();
        assertThat(reopened.announced()).containsExactly(corrected);
        assertThat(queued).containsExactly(missedAFigure);
    }

    @Test
    void aFirstStartAnnouncesOnlyTheNewest() {
        RecordStore store = open(false);
        store.admit(issue(2024, 44), true);
        store.admit(issue(2024, 45), true);
        store.admit(issue(2024, 43), true);
        assertThat(store.decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 45));
        assertThat(store.decideAnnouncements(queued::addAll)).isEmpty();
        assertThat(store.announced()).containsExactly(issue(2024, 45));
        store.admit(issue(2024, 46), true);
        store.admit(issue(2024, 47), true);
        assertThat(open(true).decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 46), issue(2024, 47));
    }

    @Test
    void afterABackfillEveryNewerIssueIsNews() {
        RecordStore store = open(false);
        store.admit(issue(2024, 40), false);
        assertThat(store.announcementBaseline()).contains(new ReportKey(2024, 40));
        store.admit(issue(2024, 41), true);
        store.admit(issue(2024, 42), true);
        assertThat(store.decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 41), issue(2024, 42));
    }

    @Test
    void candidatesACrashLeftUndecidedDoNotRaiseTheBaseline() {
        RecordStore store = open(false);
        store.admit(issue(2024, 40), false);
        store.admit(issue(2025, 2), true); // the poll died before deciding
        RecordStore restarted = open(true);
        assertThat(restarted.announcementBaseline()).contains(new ReportKey(2024, 40));
        restarted.admit(issue(2025, 1), true);
        assertThat(restarted.decideAnnouncements(queued::addAll)).containsExactly(issue(2025, 1), issue(2025, 2));
    }

    @Test
    void eachDecisionIsQueuedBeforeItIsRecorded() {
        RecordStore store = open(false);
        store.admit(issue(2024, 40), false);
        store.admit(issue(2024, 41), true);
        store.admit(issue(2024, 42), true);
        assertThat(store.decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 41), issue(2024, 42));
        assertThat(queued).containsExactly(issue(2024, 41), issue(2024, 42));
        assertThat(store.decideAnnouncements(reports -> {
            throw new AssertionError("nothing is left to queue, so nothing is queued");
        })).isEmpty();
    }

    @Test
    void aQueueThatFailsLeavesTheIssuesUndecided() {
        RecordStore store = open(false);
        store.admit(issue(2024, 40), false);
        store.admit(issue(2024, 41), true);
        assertThatThrownBy(() -> store.decideAnnouncements(reports -> {
            throw new IllegalStateException("No space left on device");
        })).hasMessageContaining("No space left on device");
        assertThat(store.announced()).isEmpty();
        assertThat(store.announcementBaseline()).contains(new ReportKey(2024, 40));

        // as after a crash between queueing and recording: the restarted relay decides and queues them again
        assertThat(open(true).decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 41));
        assertThat(queued).containsExactly(issue(2024, 41));
        assertThat(open(true).announced()).containsExactly(issue(2024, 41));
    }

    @Test
    void aHeldBaselineKeepsAMissedIssueNewsThoughNewerOnesWereDecided() {
        RecordStore store = open(false);
        store.admit(issue(2024, 40), false);
        store.holdBaseline(new ReportKey(2024, 40));
        store.admit(issue(2024, 42), true);
        assertThat(store.decideAnnouncements(queued::addAll)).containsExactly(issue(2024, 42));
        store.holdBaseline(new ReportKey(2024, 42)); // an earlier hold is kept

        RecordStore restarted = open(true);
        assertThat(restarted.announcementBaseline()).contains(new ReportKey(2024, 40));
        restarted.releaseBaseline();
        assertThat(restarted.announcementBaseline()).contains(new ReportKey(2024, 42));
        assertThat(open(true).announcementBaseline()).contains(new ReportKey(2024, 42));
        open(true).releaseBaseline(); // nothing held: nothing to do
    }

    @Test
    void fanOutIsTrackedAcrossRestarts() {
        RecordStore store = open(false);
        store.admit(issue(2024, 1), false);
        store.admit(issue(2024, 2), false);
        store.markFannedOut(new ReportKey(2024, 1));
        assertThat(open(true).notFannedOut()).containsExactly(issue(2024, 2));
    }
}
