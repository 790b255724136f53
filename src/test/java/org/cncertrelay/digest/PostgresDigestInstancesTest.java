package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances, each with its own connection pool and data directory, sharing one PostgreSQL database and one
 * SMTP server (GreenMail): whatever they do, each subscriber gets each digest once.
 */
class PostgresDigestInstancesTest {

    private static final List<String> SUBSCRIBERS = List.of("alice@example.org", "bob@example.net");

    @TempDir
    Path dataDir;
    private GreenMail greenMail;
    private int port;
    private Database first;
    private Database second;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        String url = LocalPostgres.get().newDatabase();
        first = LocalPostgres.connect(url);
        second = LocalPostgres.connect(url);
    }

    @AfterEach
    void stop() {
        greenMail.stop();
        first.close();
        second.close();
    }

    @Test
    void eachNewSetOfIssuesIsOneDigestWhicheverInstanceRuns() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();

        DigestResult week38 = instance(first).sendDigest(history.subList(0, 1), history);
        DigestResult week38Again = instance(second).sendDigest(history.subList(0, 1), history);
        DigestResult week39 = instance(second).sendDigest(history, history);
        DigestResult week39Again = instance(first).sendDigest(history, history);

        assertThat(week38.issues()).containsExactly(new ReportKey(2024, 38));
        assertThat(week38Again.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(week39.issues()).containsExactly(new ReportKey(2024, 39));
        assertThat(week39Again.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(receivedPerSubscriber()).containsOnlyKeys(SUBSCRIBERS)
                .allSatisfy((subscriber, subjects) -> assertThat(subjects).containsExactlyInAnyOrder(
                        "网络安全信息与动态周报摘要：2024年第38期", "网络安全信息与动态周报摘要：2024年第39期"));
    }

    @Test
    void concurrentRunsOnTwoInstancesSendOneCopyPerSubscriber() throws Exception {
        greenMail.start();
        List<Report> history = List.of(Reports.issue(38, 177).build(), Reports.issue(39, 742).build(),
                Reports.issue(40, 300).build());
        // Several rounds, each with one new issue, to give the two runs more chances to interleave.
        for (int round = 1; round <= history.size(); round++) {
            List<Report> known = history.subList(0, round);
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<DigestResult> one = CompletableFuture.supplyAsync(() ->
                    whenBothReady(together, () -> instance(first).sendDigest(known, known)));
            CompletableFuture<DigestResult> other = CompletableFuture.supplyAsync(() ->
                    whenBothReady(together, () -> instance(second).sendDigest(known, known)));

            assertThat(List.of(one.get(20, TimeUnit.SECONDS).status(), other.get(20, TimeUnit.SECONDS).status()))
                    .containsExactlyInAnyOrder(DigestResult.Status.SENT, DigestResult.Status.NOTHING_NEW);
        }
        assertThat(receivedPerSubscriber()).containsOnlyKeys(SUBSCRIBERS)
                .allSatisfy((subscriber, subjects) -> assertThat(subjects).doesNotHaveDuplicates().hasSize(3));
    }

    @Test
    void aRunWaitsWhileAnotherInstanceHoldsTheLedger() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();

        CompletableFuture<DigestResult> waiting;
        try (DigestLedger held = PostgresDigestLedger.open(first.dataSource())) {
            waiting = CompletableFuture.supplyAsync(() -> instance(second).sendDigest(history, history));
            awaitASessionWaitingForALock();
            assertThat(waiting).isNotDone();
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }

        assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aDigestLeftPendingByOneInstanceIsSentByTheOtherOnce() throws Exception {
        List<Report> history = Reports.weeks38And39();

        DigestResult serverDown = instance(first).sendDigest(history, history);
        greenMail.start();
        DigestResult resumed = instance(second).sendDigest(history, history);
        DigestResult after = instance(first).sendDigest(history, history);

        assertThat(serverDown.status()).isEqualTo(DigestResult.Status.PENDING);
        assertThat(resumed.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(resumed.sentTo()).containsExactlyInAnyOrderElementsOf(SUBSCRIBERS);
        assertThat(after.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aDigestPreparedByAnInstanceThatDiedIsSentByTheOtherOnce() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();
        DigestService dying = new DigestService(settings(), dataDir.resolve("dying"),
                () -> new DiesAfterPrepare(PostgresDigestLedger.open(first.dataSource())));

        assertThatThrownBy(() -> dying.sendDigest(history, history)).isInstanceOf(ProcessDied.class);
        // The process is gone: its connections, the one holding the run lock among them, drop.
        first.close();
        DigestResult resumed = instance(second).sendDigest(history, history);

        assertThat(resumed.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(resumed.issues()).containsExactly(new ReportKey(2024, 39), new ReportKey(2024, 38));
        assertThat(receivedPerSubscriber()).containsOnlyKeys(SUBSCRIBERS)
                .allSatisfy((subscriber, subjects) -> assertThat(subjects).hasSize(1));
        assertThat(count("SELECT count(*) FROM digest")).isEqualTo(1);
    }

    @Test
    void anIssueIsInAtMostOneDigest() {
        try (DigestLedger ledger = PostgresDigestLedger.open(first.dataSource())) {
            ledger.prepare("digest-2024-38_2024-38", List.of(new ReportKey(2024, 38)), SUBSCRIBERS, new byte[1]);

            assertThatThrownBy(() -> ledger.prepare("digest-2024-38_2024-39",
                    List.of(new ReportKey(2024, 39), new ReportKey(2024, 38)), SUBSCRIBERS, new byte[1]))
                    .hasMessageContaining("digest_issue_pkey");
            assertThat(ledger.digested()).containsExactly(new ReportKey(2024, 38));
            assertThat(ledger.unfinished()).extracting(DigestLedger.Digest::id)
                    .containsExactly("digest-2024-38_2024-38");
        }
    }

    private DigestService instance(Database database) {
        Path instanceDir = dataDir.resolve(database == first ? "first" : "second");
        return DigestService.onDatabase(settings(), instanceDir, database.dataSource());
    }

    private DigestSettings settings() {
        return DigestSettings.parse(Map.of(
                "digest.to", String.join(",", SUBSCRIBERS),
                "digest.from", "relay@example.org",
                "mail.host", "127.0.0.1",
                "mail.port", Integer.toString(port)));
    }

    /** Subject lines received, per subscriber. */
    private Map<String, List<String>> receivedPerSubscriber() {
        return Arrays.stream(greenMail.getReceivedMessages()).collect(Collectors.groupingBy(
                PostgresDigestInstancesTest::soleRecipient,
                Collectors.mapping(PostgresDigestInstancesTest::subject, Collectors.toList())));
    }

    private static String soleRecipient(MimeMessage message) {
        try {
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = second.dataSource().getConnection();
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Until PostgreSQL shows a session blocked on a lock: the other instance's run, at the run lock. */
    private void awaitASessionWaitingForALock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND datname = current_database()") == 0) {
            assertThat(System.nanoTime()).as("a session waiting for the run lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static DigestResult whenBothReady(CyclicBarrier together, Supplier<DigestResult> run) {
        try {
            together.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return run.get();
    }

    /** Stands for the process being killed. */
    private static final class ProcessDied extends RuntimeException {
    }

    /**
     * A ledger whose process is killed right after the digest was prepared: nothing is sent, and nothing is
     * released either; a killed process closes no connection, it loses them.
     */
    private static final class DiesAfterPrepare implements DigestLedger {

        private final DigestLedger ledger;

        DiesAfterPrepare(DigestLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public Set<ReportKey> digested() {
            return ledger.digested();
        }

        @Override
        public List<Digest> unfinished() {
            return ledger.unfinished();
        }

        @Override
        public Digest prepare(String id, List<ReportKey> issues, List<String> recipients, byte[] message) {
            ledger.prepare(id, issues, recipients, message);
            throw new ProcessDied();
        }

        @Override
        public byte[] message(Digest digest) {
            throw new AssertionError("a dead process sends nothing");
        }

        @Override
        public void sent(Digest digest, String recipient) {
            throw new AssertionError("a dead process sends nothing");
        }

        @Override
        public void failed(Digest digest, String recipient, String reason) {
            throw new AssertionError("a dead process sends nothing");
        }

        @Override
        public void close() {
        }
    }
}
