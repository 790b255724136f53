package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.webhook.Fixtures.report;
import static org.cncertrelay.webhook.Fixtures.settings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.cncertrelay.store.pg.Database;
import org.cncertrelay.testing.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several dispatchers on one real PostgreSQL database, as several relay instances would run, sending to real
 * HTTP receivers. Leases and polls are short so that take-overs happen within the test's patience.
 */
class PgWebhookDispatcherTest {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private Database database;
    private final List<WebhookDispatcher> dispatchers = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        database = LocalPostgres.get().newMigratedDatabase();
    }

    @AfterEach
    void closeAll() {
        dispatchers.forEach(WebhookDispatcher::close);
        database.close();
    }

    @Test
    void aCorrectionIsADeliveryOfItsOwnBesideTheFirstAndQueuedOnce() throws Exception {
        PgDeliveryLedger ledger = new PgDeliveryLedger(database.dataSource(), "one", LEASE, POLL);
        Instant now = Instant.now();
        Delivery first = Delivery.published("kafka", report(39, 742), null, now);
        Delivery correction = Delivery.corrected("kafka", report(39, 743), null, now);
        assertThat(ledger.addNew(List.of(first))).containsExactly(first);
        assertThat(ledger.addNew(List.of(correction))).containsExactly(correction);
        assertThat(ledger.addNew(List.of(Delivery.corrected("kafka", report(39, 743), null, now.plusSeconds(5)))))
                .as("the same correction again").isEmpty();
        assertThat(ledger.pending()).extracting(Delivery::id, Delivery::event).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("2024-39.kafka", "published"),
                org.assertj.core.groups.Tuple.tuple(correction.id(), "corrected"));
        assertThat(correction.id()).matches("2024-39\\.kafka~[0-9a-f]{12}");
        assertThat(ledger.claim(correction)).isTrue();
        assertThat(ledger.markDelivered(correction)).isTrue();
        assertThat(ledger.pending()).containsExactly(first);
    }

    @Test
    void aBatchOfCandidatesAddsOnlyThoseTheTableDoesNotHold() throws Exception {
        PgDeliveryLedger ledger = new PgDeliveryLedger(database.dataSource(), "one", LEASE, POLL);
        Instant now = Instant.now();
        Delivery first = Delivery.published("kafka", report(38, 177), null, now);
        Delivery correction = Delivery.corrected("kafka", report(38, 178), null, now);
        assertThat(ledger.addNew(List.of(first, correction))).containsExactly(first, correction);
        assertThat(ledger.claim(first)).isTrue();
        assertThat(ledger.markDelivered(first)).isTrue();

        // a history offered again: the delivered, the pending and a new one, in one call
        Delivery fresh = Delivery.published("kafka", report(39, 742), report(38, 177), now);
        Delivery sameFirst = new Delivery(first.id(), "kafka", report(38, 177), null, now.plusSeconds(5));
        assertThat(ledger.addNew(List.of(sameFirst, Delivery.corrected("kafka", report(38, 178), null, now), fresh)))
                .containsExactly(fresh);
        assertThat(ledger.pending()).extracting(Delivery::id).containsExactlyInAnyOrder(correction.id(), fresh.id());
    }

    @Test
    void twoInstancesEnqueueingTheSameRecordsDeliverEachOnceInTotal() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            WebhookSettings settings = twoTargets(receiver, Map.of());
            WebhookDispatcher one = instance("one", settings, new JdkHttpTransport(), LEASE);
            WebhookDispatcher two = instance("two", settings, new JdkHttpTransport(), LEASE);

            List<String> scheduled = new ArrayList<>();
            for (Future<List<String>> enqueued : race(() -> enqueueIssues(one, 1, 20), () -> enqueueIssues(two, 1, 20))) {
                scheduled.addAll(enqueued.get());
            }
            assertThat(scheduled).hasSize(40); // each (record, target) scheduled by exactly one of the two

            awaitTrue(() -> receiver.requests().size() >= 40);
            assertThat(one.awaitIdle(WAIT)).isTrue();
            assertThat(two.awaitIdle(WAIT)).isTrue();
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE state <> 'delivered'")).isZero();
            assertThat(deliveryIds(receiver)).hasSize(40).doesNotHaveDuplicates();
        }
    }

    @Test
    void anInstanceThatDiesHoldingClaimsIsTakenOverOnceTheLeaseLapses() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            WebhookSettings settings = twoTargets(receiver, Map.of("webhook.timeout", "500ms"));
            AtomicInteger hungSends = new AtomicInteger();
            WebhookTransport hangsForever = (request, timeout) -> {
                hungSends.incrementAndGet();
                new CountDownLatch(1).await(); // a process frozen mid-send: it renews nothing from here on
                throw new AssertionError("never answers");
            };
            WebhookDispatcher dying = instance("dying", settings, hangsForever, LEASE);
            enqueueIssues(dying, 1, 3);
            awaitTrue(() -> hungSends.get() == 2); // one claim per target, then stuck

            long start = System.nanoTime();
            WebhookDispatcher survivor = instance("survivor", settings, new JdkHttpTransport(), LEASE);
            awaitTrue(() -> receiver.requests().size() >= 6);
            Duration takeOver = Duration.ofNanos(System.nanoTime() - start);

            assertThat(survivor.awaitIdle(WAIT)).isTrue();
            assertThat(deliveryIds(receiver)).hasSize(6).doesNotHaveDuplicates();
            assertThat(hungSends).hasValue(2);
            assertThat(count("SELECT count(*) FROM webhook_deliveries"
                    + " WHERE state = 'delivered' AND claimed_by LIKE 'survivor/%'")).isEqualTo(6);
            // the two claimed ones waited out the lease (send timeout plus lease, 1.5 s here), not a minute
            assertThat(takeOver).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void anInstanceClosedMidSendReleasesItsClaimsAtOnce() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            WebhookSettings settings = settings("hook", "generic", receiver.url("/hook"), Map.of());
            CountDownLatch sending = new CountDownLatch(1);
            WebhookTransport hangsUntilInterrupted = (request, timeout) -> {
                sending.countDown();
                new CountDownLatch(1).await();
                throw new AssertionError("never answers");
            };
            Duration longLease = Duration.ofMinutes(5); // a take-over within the test can only come from the release
            WebhookDispatcher stopping = instance("stopping", settings, hangsUntilInterrupted, longLease);
            stopping.enqueue(report(39, 742), null);
            assertThat(sending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            WebhookDispatcher other = instance("other", settings, new JdkHttpTransport(), longLease);

            stopping.close();
            awaitTrue(() -> receiver.requests().size() == 1);
            assertThat(other.awaitIdle(WAIT)).isTrue();
            assertThat(deliveryIds(receiver)).containsExactly("2024-39.hook");
        }
    }

    @Test
    void deadLettersAreSharedAndReplayedOnceAcrossInstances() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(400, "unknown field"))) {
            WebhookSettings settings = settings("hook", "generic", receiver.url("/hook"), Map.of());
            WebhookDispatcher one = instance("one", settings, new JdkHttpTransport(), LEASE);
            WebhookDispatcher two = instance("two", settings, new JdkHttpTransport(), LEASE);
            one.enqueue(report(38, 177), null);
            two.enqueue(report(39, 742), report(38, 177));

            awaitTrue(() -> one.deadLettersWaiting() == 2);
            assertThat(two.deadLettersWaiting()).isEqualTo(2);
            assertThat(receiver.requests()).hasSize(2); // a 4xx is not retried, by either instance
            try (Connection connection = database.dataSource().getConnection();
                 ResultSet letter = connection.createStatement().executeQuery("SELECT target, payload, reason,"
                         + " attempts, failed_at FROM webhook_dead_letters WHERE year = 2024 AND issue = 39")) {
                assertThat(letter.next()).isTrue();
                assertThat(letter.getString("target")).isEqualTo("hook");
                assertThat(letter.getString("payload")).contains("\"delivery_id\":\"2024-39.hook\"");
                assertThat(letter.getString("reason")).isEqualTo("HTTP 400: unknown field");
                assertThat(letter.getInt("attempts")).isEqualTo(1);
                assertThat(letter.getTimestamp("failed_at")).isNotNull();
            }

            receiver.answerWith((request, call) -> Receiver.Reply.of(200, ""));
            int replayed = 0;
            for (Future<Integer> replay : race(one::replayDeadLetters, two::replayDeadLetters)) {
                replayed += replay.get();
            }
            assertThat(replayed).isEqualTo(2);

            awaitTrue(() -> receiver.requests().size() >= 4);
            assertThat(one.awaitIdle(WAIT)).isTrue();
            assertThat(two.awaitIdle(WAIT)).isTrue();
            assertThat(one.deadLettersWaiting()).isZero();
            assertThat(two.deadLettersWaiting()).isZero();
            assertThat(deliveryIds(receiver)).containsExactlyInAnyOrder(
                    "2024-38.hook", "2024-39.hook", "2024-38.hook", "2024-39.hook");
        }
    }

    @Test
    void pendingDeliveriesSurviveARestart() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(503, "maintenance"))) {
            WebhookSettings settings = settings("hook", "generic", receiver.url("/hook"),
                    Map.of("webhook.retry.initial-delay", "1m", "webhook.retry.max-delay", "1m"));
            WebhookDispatcher first = instance("relay", settings, new JdkHttpTransport(), LEASE);
            first.enqueue(report(38, 177), null);
            first.enqueue(report(39, 742), report(38, 177));
            awaitTrue(() -> receiver.requests().size() == 1); // 38 waits a minute to retry, 39 behind it
            first.close();

            receiver.answerWith((request, call) -> Receiver.Reply.of(200, ""));
            WebhookDispatcher restarted = instance("relay", settings, new JdkHttpTransport(), LEASE);
            assertThat(restarted.awaitIdle(WAIT)).isTrue();
            assertThat(restarted.enqueue(report(38, 177), null)).isEmpty();
            assertThat(restarted.enqueue(report(39, 742), report(38, 177))).isEmpty();

            assertThat(deliveryIds(receiver)).containsExactly("2024-38.hook", "2024-38.hook", "2024-39.hook");
            assertThat(count("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'")).isEqualTo(2);
        }
    }

    /** An instance of its own on the test's database, closed after the test. */
    private WebhookDispatcher instance(String name, WebhookSettings settings, WebhookTransport transport,
                                      Duration lease) throws Exception {
        WebhookDispatcher dispatcher = new WebhookDispatcher(settings,
                new PgDeliveryLedger(database.dataSource(), name, lease, POLL), transport, DeliveryEvents.NONE);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    /** Targets {@code a} and {@code b}, both generic, on one receiver. */
    private static WebhookSettings twoTargets(Receiver receiver, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("webhook.targets", "a,b",
                "webhook.b.type", "generic", "webhook.b.url", receiver.url("/b"), "webhook.b.rate-per-minute", "6000"));
        properties.putAll(extra);
        return settings("a", "generic", receiver.url("/a"), properties);
    }

    private static List<String> enqueueIssues(WebhookDispatcher dispatcher, int first, int last) throws Exception {
        List<String> scheduled = new ArrayList<>();
        for (int issue = first; issue <= last; issue++) {
            for (String target : dispatcher.enqueue(report(issue, issue), null)) {
                scheduled.add(issue + "." + target);
            }
        }
        return scheduled;
    }

    /** Starts both together, so they really race. */
    @SafeVarargs
    private static <T> List<Future<T>> race(Callable<T>... contenders) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(contenders.length);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> results = new ArrayList<>();
        for (Callable<T> contender : contenders) {
            results.add(threads.submit(() -> {
                go.await();
                return contender.call();
            }));
        }
        go.countDown();
        threads.shutdown();
        threads.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
        return results;
    }

    private static List<String> deliveryIds(Receiver receiver) {
        return receiver.requests().stream().map(request -> request.json().path("delivery_id").asText()).toList();
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
