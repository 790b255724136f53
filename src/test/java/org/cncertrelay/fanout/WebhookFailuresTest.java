package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the relay behaves, and what it says, when a chat target fails. */
class WebhookFailuresTest {

    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+\\+\\d{4} ");

    @TempDir
    Path dir;

    @Test
    void eachFailedAttemptIsOneLogLine() throws Exception {
        try (PageServer pages = new PageServer()) {
            Receiver gone = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
            String refusing = gone.url("/hook");
            gone.close(); // nothing listens there any more: connection refused
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("hook", "generic", refusing)
                    .set("webhook.retry.max-attempts", "6");

            Relay.Run run = relay.once();

            assertThat(run.exitCode()).isZero();
            assertThat(relay.files("dead-letters")).containsExactly("webhook-2024-39.hook.json");
            // Camel's error handler used to add ~60 lines (message history, stack trace) to each attempt's WARN
            assertThat(run.lines()).as(run.output()).allMatch(line -> LOG_LINE.matcher(line).lookingAt());
            assertThat(run.lines().stream().filter(line -> line.contains(" to hook ") || line.contains(" for hook ")))
                    .as(run.output()).hasSize(6);
        }
    }
}
