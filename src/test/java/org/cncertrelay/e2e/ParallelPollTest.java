package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several pages in hand at once: every issue once, bad pages still skipped, one request at a time per host. */
class ParallelPollTest {

    @TempDir
    Path data;

    @Test
    void readsSeveralPagesAtOnceButNeverTwoRequestsToOneHost() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        try (PageServer server = new PageServer()) {
            List<String> urls = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int number = 1; number <= 12; number++) {
                Issue issue = Issue.madeUp(2024, number);
                PageServer.Responder page = PageServer.slow(Duration.ofMillis(30), PageServer.html(issue.html()));
                server.route(issue.mid(), exchange -> {
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    try {
                        page.respond(exchange);
                    } finally {
                        open.decrementAndGet();
                    }
                });
                urls.add(issue.url(server.base()));
                expected.add("2024/" + number);
            }
            server.route("99", PageServer.status(404));
            urls.add(server.base() + "/s?__biz=" + Issue.BIZ + "&mid=99&idx=1");

            Relay relay = new Relay(data).set("reports.parallelism", "3").urls(urls.toArray(String[]::new));
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(run.warningsAbout("mid=99")).hasSize(1);
            assertThat(mostOpen.get()).as("requests in flight to one host at once").isEqualTo(1);
            assertThat(relay.once().exitCode()).isZero();
            assertThat(Relay.keys(data)).hasSize(12);
        }
    }
}
