package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new issue reaches every chat target through the whole relay: page → record → CSV → announce → webhook. */
class ChatAnnouncementTest {

    @TempDir
    Path dir;

    @Test
    void aNewIssueReachesEveryTargetOnceWithItsChangeAgainstTheIssueBefore() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("issue-38.md"), Issue.I38.snapshot());
        try (PageServer pages = new PageServer();
             Receiver generic = new Receiver((request, call) -> Chat.generic(request));
             Receiver dingTalk = new Receiver((request, call) -> Chat.dingTalk(request));
             Receiver slack = new Receiver((request, call) -> Chat.slack(request))) {
            Relay relay = new Relay(dir.resolve("data"))
                    .set("reports.archive-dir", archive.toString())
                    .target("hook", "generic", generic.url("/hook"))
                    .set("webhook.hook.secret", Chat.GENERIC_SECRET)
                    .target("ding", "dingtalk", dingTalk.url("/robot/send?access_token=" + Chat.DINGTALK_TOKEN))
                    .set("webhook.ding.secret", Chat.DINGTALK_SECRET)
                    .target("team", "slack", slack.url("/services/T0/B0/x"));

            // an earlier run imports issue 38 from the archive: recorded, not news
            assertThat(relay.run("--once")).isZero();
            assertThat(relay.keys()).containsExactly("2024/38");

            relay.set("reports.urls", pages.serve(Issue.I39));
            assertThat(relay.run("--once")).isZero();

            assertThat(relay.keys()).containsExactly("2024/38", "2024/39");
            assertThat(relay.files("dead-letters")).isEmpty();

            assertThat(generic.requests()).hasSize(1);
            Receiver.Request signed = generic.requests().get(0);
            assertThat(Chat.genericSignatureValid(signed)).isTrue();
            JsonNode document = signed.json();
            assertThat(document.path("event").asText()).isEqualTo("report.published");
            assertThat(document.path("delivery_id").asText()).isEqualTo("2024-39.hook");
            assertThat(document.path("report").path("issue").asInt()).isEqualTo(39);
            assertThat(document.path("report").path("incidents_total").asInt()).isEqualTo(742);
            assertThat(document.path("change").path("previous_issue").asText()).isEqualTo("2024年第38期");
            assertThat(document.path("change").path("counts").path("incidents_total").path("percent").asDouble())
                    .isEqualTo(319.2);

            assertThat(dingTalk.requests()).hasSize(1);
            assertThat(Chat.dingTalkSignatureValid(dingTalk.requests().get(0))).isTrue();
            assertThat(Chat.dingTalkText(dingTalk.requests().get(0)))
                    .contains("网络安全信息与动态周报2024年第39期", "742（较第38期 +319%）");

            assertThat(slack.requests()).hasSize(1);
            assertThat(slack.requests().get(0).bodyText()).contains("2024年第39期", "742（较第38期 +319%）");

            // run again: nothing new, nobody hears of issue 39 a second time
            assertThat(relay.run("--once")).isZero();
            assertThat(generic.requests()).hasSize(1);
            assertThat(dingTalk.requests()).hasSize(1);
            assertThat(slack.requests()).hasSize(1);
            assertThat(relay.keys()).containsExactly("2024/38", "2024/39");
        }
    }

    @Test
    void aSlowTargetHoldsUpNeitherTheCsvNorTheOtherTargets() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        try (PageServer pages = new PageServer()) {
            Relay relay = new Relay(dir.resolve("data"));
            Path csv = relay.dataDir().resolve("reports.csv");
            boolean[] csvWrittenBeforeSlowTargetWasCalled = {false};
            try (Receiver slow = new Receiver((request, call) -> {
                    if (call == 1) {
                        csvWrittenBeforeSlowTargetWasCalled[0] = csvHas39(csv);
                        return Receiver.Reply.of(200, "").after(Duration.ofMillis(3500));
                    }
                    return Receiver.Reply.of(200, "");
                 });
                 Receiver fast = new Receiver((request, call) -> Chat.slack(request))) {
                relay.set("reports.urls", pages.serve(Issue.I39))
                        .set("webhook.timeout", timeout.toMillis() + "ms")
                        .target("slow", "generic", slow.url("/hook"))
                        .target("fast", "slack", fast.url("/services/T0/B0/x"));

                assertThat(relay.run("--once")).isZero();

                assertThat(csvWrittenBeforeSlowTargetWasCalled[0]).isTrue();
                assertThat(fast.requests()).hasSize(1);
                // the fast target had its message before the slow one's first attempt even timed out
                long fastAfterSlowMillis = (fast.requests().get(0).receivedNanos()
                        - slow.requests().get(0).receivedNanos()) / 1_000_000;
                assertThat(fastAfterSlowMillis).isLessThan(timeout.toMillis());
                // the slow target got it on the retry, recognisably the same delivery
                assertThat(slow.requests()).hasSize(2);
                assertThat(slow.requests().get(1).json().path("delivery_id").asText()).isEqualTo("2024-39.slow");
                assertThat(relay.files("dead-letters")).isEmpty();
                assertThat(relay.keys()).containsExactly("2024/39");
            }
        }
    }

    private static boolean csvHas39(Path csv) {
        try {
            return Files.exists(csv) && Files.readAllLines(csv).stream().anyMatch(row -> row.startsWith("2024,39,"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
