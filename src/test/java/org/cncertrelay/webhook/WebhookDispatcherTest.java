package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.webhook.Fixtures.report;
import static org.cncertrelay.webhook.Fixtures.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void aReportIsEnqueuedOncePerTarget() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(
                     settings("hook", "generic", receiver.url("/hook"), Map.of()), dataDir)) {
            assertThat(dispatcher.enqueue(report(39, 742), null)).containsExactly("hook");
            assertThat(dispatcher.enqueue(report(39, 742), null)).isEmpty(); // still pending
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(dispatcher.enqueue(report(39, 742), null)).isEmpty(); // delivered

            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void refusedDeliveriesAreDeadLetteredAndCanBeReplayed() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(400, "unknown field"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(
                     settings("hook", "generic", receiver.url("/hook"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            assertThat(receiver.requests()).hasSize(1); // a 4xx is not retried
            assertThat(dispatcher.deadLettersWaiting()).isEqualTo(1);
            Path letter = dataDir.resolve("dead-letters/webhook-2024-39.hook.json");
            JsonNode stored = new ObjectMapper().readTree(Files.readString(letter));
            assertThat(stored.path("target").asText()).isEqualTo("hook");
            assertThat(stored.path("reason").asText()).isEqualTo("HTTP 400: unknown field");
            assertThat(stored.path("attempts").asInt()).isEqualTo(1);
            assertThat(stored.path("time").asText()).isNotEmpty();
            assertThat(stored.path("payload").asText()).contains("\"delivery_id\":\"2024-39.hook\"");

            receiver.answerWith((request, call) -> Receiver.Reply.of(200, ""));
            assertThat(dispatcher.replayDeadLetters()).isEqualTo(1);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            assertThat(receiver.requests()).hasSize(2);
            assertThat(dispatcher.deadLettersWaiting()).isZero();
            assertThat(letter).doesNotExist();
        }
    }

    @Test
    void retriesRunOutIntoTheDeadLetters() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(503, "down"));
             WebhookDispatcher dispatcher = new WebhookDispatcher(
                     settings("hook", "generic", receiver.url("/hook"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            assertThat(receiver.requests()).hasSize(3);
            assertThat(dispatcher.deadLettersWaiting()).isEqualTo(1);
            assertThat(Files.readString(dataDir.resolve("dead-letters/webhook-2024-39.hook.json")))
                    .contains("gave up after 3 attempts: HTTP 503: down");
        }
    }

    @Test
    void theCsvSinkIsNeverGivenUpEvenWhenItsRouteFailsInAnUnforeseenWay() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        WebhookTransport failingFiveTimes = (request, timeout) -> {
            if (attempts.incrementAndGet() <= 5) { // more than webhook.retry.max-attempts (3)
                throw new IllegalStateException("a bug, not a receiver's answer");
            }
            return new HttpReply(200, "", null);
        };
        try (WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic", "https://example.org/h",
                Map.of()), dataDir, failingFiveTimes)) {
            assertThat(dispatcher.offerToSinks(report(39, 742), null)).containsExactly(WebhookSettings.CSV_SINK);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            assertThat(attempts).hasValue(6);
            assertThat(dispatcher.deadLettersWaiting()).isZero();
        }
    }

    @Test
    void aSendWithoutAnAnswerIsResentOnlyAsOftenAsUnansweredResendsAllows() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, "").after(Duration.ofSeconds(1)));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic", receiver.url("/hook"),
                     Map.of("webhook.timeout", "300ms", "webhook.retry.max-attempts", "5")), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            // the receiver had each request; only the answer was late
            assertThat(receiver.requests()).hasSize(2);
            assertThat(Files.readString(dataDir.resolve("dead-letters/webhook-2024-39.hook.json")))
                    .contains("no answer to 2 send(s), not sent again as the receiver may have it");
        }
    }

    @Test
    void aRetryAfterLongerThanTheMaximumDelayWaitsOnlyTheMaximum() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> call == 1
                ? Receiver.Reply.of(429, "slow down").withHeader("Retry-After", "86400")
                : Receiver.Reply.of(200, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(
                     settings("hook", "generic", receiver.url("/hook"), Map.of()), dataDir)) {
            dispatcher.enqueue(report(39, 742), null);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            List<Receiver.Request> requests = receiver.requests();
            assertThat(requests).hasSize(2);
            long gapMillis = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
            assertThat(gapMillis).isBetween(150L, 5_000L); // webhook.retry.max-delay = 200ms
            assertThat(dispatcher.deadLettersWaiting()).isZero();
        }
    }

    @Test
    void messagesWaitForTheRateLimit() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(settings("hook", "generic", receiver.url("/hook"),
                     Map.of("webhook.hook.rate-per-minute", "120")), dataDir)) {
            for (int issue = 37; issue <= 39; issue++) {
                dispatcher.enqueue(report(issue, issue), null);
            }
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

            List<Receiver.Request> requests = receiver.requests();
            assertThat(requests).hasSize(3);
            for (int i = 1; i < requests.size(); i++) {
                long gapMillis = (requests.get(i).receivedNanos() - requests.get(i - 1).receivedNanos()) / 1_000_000;
                assertThat(gapMillis).isGreaterThanOrEqualTo(450); // 120 a minute: one per 500 ms
            }
            assertThat(requests).extracting(request -> request.json().path("report").path("issue").asInt())
                    .containsExactly(37, 38, 39);
        }
    }

    @Test
    void aSlowTargetDoesNotDelayTheOthersOrTheCaller() throws Exception {
        try (Receiver slow = new Receiver((request, call) -> Receiver.Reply.of(200, "").after(Duration.ofSeconds(2)));
             Receiver fast = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
             WebhookDispatcher dispatcher = new WebhookDispatcher(WebhookSettings.fromProperties(Map.of(
                     "webhook.targets", "slow,fast",
                     "webhook.slow.type", "generic", "webhook.slow.url", slow.url("/hook"),
                     "webhook.fast.type", "generic", "webhook.fast.url", fast.url("/hook"),
                     "webhook.timeout", "5s")), dataDir)) {
            long start = System.nanoTime();
            assertThat(dispatcher.enqueue(report(39, 742), null)).containsExactly("slow", "fast");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

            assertThat(dispatcher.awaitIdle(Duration.ofMillis(1000))).isFalse(); // slow is still sending
            assertThat(dispatcher.pendingDeliveries()).isEqualTo(1);
            assertThat(fast.requests()).hasSize(1);
            assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
            assertThat(slow.requests()).hasSize(1);
        }
    }

    @Test
    void aRestartResumesPendingDeliveriesAndNeverResendsDeliveredOnes() throws Exception {
        try (Receiver receiver = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            Map<String, String> slowRetries = Map.of("webhook.retry.initial-delay", "1m", "webhook.retry.max-delay", "1m");
            WebhookSettings settings = settings("hook", "generic", receiver.url("/hook"), slowRetries);
            try (WebhookDispatcher first = new WebhookDispatcher(settings, dataDir)) {
                first.enqueue(report(38, 177), null);
                assertThat(first.awaitIdle(WAIT)).isTrue();

                receiver.answerWith((request, call) -> Receiver.Reply.of(503, "maintenance"));
                first.enqueue(report(39, 742), report(38, 177));
                assertThat(first.awaitIdle(Duration.ofMillis(500))).isFalse(); // waiting a minute to retry
            }
            assertThat(receiver.requests()).hasSize(2);

            receiver.answerWith((request, call) -> Receiver.Reply.of(200, ""));
            try (WebhookDispatcher second = new WebhookDispatcher(settings, dataDir)) {
                assertThat(second.awaitIdle(WAIT)).isTrue();
                assertThat(second.enqueue(report(38, 177), null)).isEmpty();
                assertThat(second.enqueue(report(39, 742), report(38, 177))).isEmpty();
            }
            assertThat(receiver.requests()).extracting(request -> request.json().path("delivery_id").asText())
                    .containsExactly("2024-38.hook", "2024-39.hook", "2024-39.hook");
        }
    }
}
