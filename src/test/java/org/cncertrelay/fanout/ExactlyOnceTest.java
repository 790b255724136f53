package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each target hears of an issue exactly once across restarts, outages and dead letters. */
class ExactlyOnceTest {

    @TempDir
    Path dir;

    @Test
    void aMessageForATargetThatIsDownIsKeptAndDeliveredByALaterRun() throws Exception {
        try (PageServer pages = new PageServer()) {
            Receiver gone = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
            String deadUrl = gone.url("/hook");
            gone.close(); // nothing listens there any more: connection refused
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("hook", "generic", deadUrl)
                    .set("webhook.hook.secret", Chat.GENERIC_SECRET)
                    // the next try would be long after this run is over: the run does not wait for it
                    .set("webhook.retry.initial-delay", "1m").set("webhook.retry.max-delay", "1m")
                    .set("relay.shutdown-timeout", "30s");

            long started = System.nanoTime();
            assertThat(relay.run("--once")).isZero();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .as("--once does not sit out relay.shutdown-timeout when nothing can be sent")
                    .isLessThan(java.time.Duration.ofSeconds(15));
            assertThat(relay.keys()).containsExactly("2024/39");
            assertThat(relay.files("dead-letters")).isEmpty();
            assertThat(Files.readString(relay.dataDir().resolve("webhooks/outbox.journal")))
                    .contains("\"delivery_id\":\"2024-39.hook\"")
                    .doesNotContain("\"event\":\"delivered\",\"delivery_id\":\"2024-39.hook\"");

            try (Receiver generic = new Receiver((request, call) -> Chat.generic(request))) {
                relay.set("webhook.hook.url", generic.url("/hook"));
                assertThat(relay.run("--once")).isZero();
                assertThat(generic.requests()).hasSize(1);
                assertThat(Chat.genericSignatureValid(generic.requests().get(0))).isTrue();
                assertThat(generic.requests().get(0).json().path("report").path("issue").asInt()).isEqualTo(39);

                assertThat(relay.run("--once")).isZero();
                assertThat(generic.requests()).hasSize(1);
            }
        }
    }

    @Test
    void aMessageDeadLetteredAfterItsRetriesIsSentOnceByReplayAndNeverByAPlainRun() throws Exception {
        try (PageServer pages = new PageServer();
             Receiver generic = new Receiver((request, call) -> Receiver.Reply.of(500, "down for maintenance"))) {
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("hook", "generic", generic.url("/hook"))
                    .set("webhook.hook.secret", Chat.GENERIC_SECRET)
                    .set("webhook.retry.max-attempts", "2");

            assertThat(relay.run("--once")).isZero();
            assertThat(generic.requests()).hasSize(2);
            assertThat(relay.files("dead-letters")).containsExactly("webhook-2024-39.hook.json");

            // a plain run neither polls the issue again nor resends the dead letter
            assertThat(relay.run("--once")).isZero();
            assertThat(generic.requests()).hasSize(2);

            generic.answerWith((request, call) -> Chat.generic(request));
            assertThat(relay.run("--replay-dead-letters")).isZero();
            assertThat(generic.requests()).hasSize(3);
            assertThat(Chat.genericSignatureValid(generic.requests().get(2))).isTrue();
            assertThat(generic.requests().get(2).json().path("delivery_id").asText()).isEqualTo("2024-39.hook");
            assertThat(relay.files("dead-letters")).isEmpty();

            assertThat(relay.run("--replay-dead-letters")).isZero();
            assertThat(relay.run("--once")).isZero();
            assertThat(generic.requests()).hasSize(3);
        }
    }

    @Test
    void aDingTalkRefusalIsDeadLetteredAtOnceAndReplayedWhenTheRobotAccepts() throws Exception {
        try (PageServer pages = new PageServer();
             Receiver dingTalk = new Receiver((request, call) ->
                     Receiver.Reply.of(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"))) {
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("ding", "dingtalk", dingTalk.url("/robot/send?access_token=" + Chat.DINGTALK_TOKEN))
                    .set("webhook.ding.secret", Chat.DINGTALK_SECRET);

            assertThat(relay.run("--once")).isZero();
            assertThat(dingTalk.requests()).hasSize(1); // permanent: not retried
            assertThat(Files.readString(relay.dataDir().resolve("dead-letters/webhook-2024-39.ding.json")))
                    .contains("310000");

            dingTalk.answerWith((request, call) -> Chat.dingTalk(request));
            assertThat(relay.run("--replay-dead-letters")).isZero();

            assertThat(dingTalk.requests()).hasSize(2);
            // signed afresh for the replay: DingTalk refuses a timestamp older than an hour
            assertThat(Chat.dingTalkSignatureValid(dingTalk.requests().get(1))).isTrue();
            assertThat(Chat.dingTalkText(dingTalk.requests().get(1))).contains("2024年第39期");
            assertThat(relay.files("dead-letters")).isEmpty();

            assertThat(relay.run("--replay-dead-letters")).isZero();
            assertThat(dingTalk.requests()).hasSize(2);
        }
    }
}
