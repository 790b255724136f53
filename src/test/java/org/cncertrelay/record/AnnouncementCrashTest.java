package org.cncertrelay.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.FileRecordStore;
import org.cncertrelay.store.RecordStore;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.store.pg.PgRecordStore;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.webhook.DeliveryEvents;
import org.cncertrelay.webhook.JdkHttpTransport;
import org.cncertrelay.webhook.Receiver;
import org.cncertrelay.webhook.WebhookDispatcher;
import org.cncertrelay.webhook.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process dies at the worst point of announcing, between queueing a poll's news for the chat targets and
 * recording the decision: after the restart every target still gets every issue once. Both stores; the death is
 * a store that fails right after the queue took the issues, as a kill -9 or a full disk would leave it.
 */
class AnnouncementCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void fileStore() throws Exception {
        diesBetweenQueueAndDecisionThenDeliversEachIssueOnce(() -> new FileRecordStore(dataDir),
                settings -> new WebhookDispatcher(settings, dataDir));
    }

    @Test
    void postgresStore() throws Exception {
        try (Database database = LocalPostgres.get().newMigratedDatabase()) {
            diesBetweenQueueAndDecisionThenDeliversEachIssueOnce(() -> new PgRecordStore(database.dataSource()),
                    settings -> WebhookDispatcher.onDatabase(settings, database.dataSource(), "test",
                            new JdkHttpTransport(), DeliveryEvents.NONE));
        }
    }

    interface Dispatchers {
        WebhookDispatcher open(WebhookSettings settings) throws Exception;
    }

    private void diesBetweenQueueAndDecisionThenDeliversEachIssueOnce(Supplier<RecordStore> stores,
            Dispatchers dispatchers) throws Exception {
        try (Receiver slack = new Receiver((request, call) -> Receiver.Reply.of(200, "ok"));
             Receiver generic = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            WebhookSettings settings = WebhookSettings.fromProperties(Map.of(
                    "webhook.targets", "slack,hook",
                    "webhook.slack.type", "slack", "webhook.slack.url", slack.url("/services/T/B/x"),
                    "webhook.hook.type", "generic", "webhook.hook.url", generic.url("/hook"),
                    "webhook.retry.initial-delay", "50ms", "webhook.retry.max-delay", "200ms"));
            RecordStore store = stores.get();
            store.admit(issue(40), false);
            store.admit(issue(41), true);
            store.admit(issue(42), true);

            try (WebhookDispatcher dispatcher = dispatchers.open(settings)) {
                Announcer dying = new Announcer(new DiesAfterQueueing(store), dispatcher);
                assertThatThrownBy(dying::announce).hasMessageContaining("killed");
                // what the outbox took is sent (a send cut off by the stop would be resent: README's crash window)
                assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            }
            assertThat(stores.get().announced()).isEmpty();

            try (WebhookDispatcher dispatcher = dispatchers.open(settings)) {
                Announcer restarted = new Announcer(stores.get(), dispatcher);
                assertThat(restarted.announce()).containsExactly(issue(41), issue(42));
                assertThat(restarted.announce()).isEmpty();
                assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            }
            assertThat(stores.get().announced()).containsExactly(issue(41), issue(42));
            assertThat(slack.requests()).hasSize(2);
            assertThat(generic.requests()).extracting(request -> request.json().path("report").path("issue").asInt())
                    .containsExactlyInAnyOrder(41, 42);
        }
    }

    private static Report issue(int number) {
        return new Report(2024, number, LocalDate.of(2024, 10, 1), LocalDate.of(2024, 10, 7),
                LocalDate.of(2024, 10, 10), Rating.GOOD, 100 + number, 50, 40, null, 3,
                "网络安全信息与动态周报2024年第" + number + "期",
                "https://mp.weixin.qq.com/s?__biz=x&mid=" + number + "&idx=1", "CNCERT", List.of(), List.of());
    }

    /** A store whose process dies right after the announcement queue took the issues, before the decision. */
    private record DiesAfterQueueing(RecordStore store) implements RecordStore {
        @Override
        public List<Report> decideAnnouncements(AnnouncementQueue queue) {
            return store.decideAnnouncements(reports -> {
                queue.queue(reports);
                throw new IllegalStateException("killed before the decision was recorded");
            });
        }

        @Override
        public boolean admit(Report report, boolean announceCandidate) {
            return store.admit(report, announceCandidate);
        }

        @Override
        public boolean contains(ReportKey key) {
            return store.contains(key);
        }

        @Override
        public java.util.Optional<Report> get(ReportKey key) {
            return store.get(key);
        }

        @Override
        public boolean preferCanonicalUrl(Report seen) {
            return store.preferCanonicalUrl(seen);
        }

        @Override
        public boolean correct(Report corrected) {
            return store.correct(corrected);
        }

        @Override
        public List<Report> all() {
            return store.all();
        }

        @Override
        public Optional<ReportKey> announcementBaseline() {
            return store.announcementBaseline();
        }

        @Override
        public void holdBaseline(ReportKey baseline) {
            store.holdBaseline(baseline);
        }

        @Override
        public void releaseBaseline() {
            store.releaseBaseline();
        }

        @Override
        public Optional<Report> previous(ReportKey key) {
            return store.previous(key);
        }

        @Override
        public List<Report> notFannedOut() {
            return store.notFannedOut();
        }

        @Override
        public void markFannedOut(ReportKey key) {
            store.markFannedOut(key);
        }

        @Override
        public List<Report> announced() {
            return store.announced();
        }
    }
}
