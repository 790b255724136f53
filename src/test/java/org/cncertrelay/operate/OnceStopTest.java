package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --once} stops on SIGTERM like the daemon: after the page in hand, without a torn row, exit 143. */
class OnceStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermDuringASlowPollStopsAfterThePageInHand() throws Exception {
        Path data = dir.resolve("data");
        Path csv = data.resolve("reports.csv");
        try (PageServer pages = new PageServer()) {
            List<String> urls = new ArrayList<>();
            for (int number = 1; number <= 20; number++) {
                Issue issue = Issue.madeUp(2024, number);
                pages.route(issue.mid(), PageServer.slow(Duration.ofMillis(400), PageServer.html(issue.html())));
                urls.add(issue.url(pages.base()));
            }
            Map<String, String> settings = new LinkedHashMap<>(new Relay(data).urls(urls.toArray(String[]::new))
                    .settings());
            settings.put("relay.shutdown-timeout", "30s"); // the stop must not be Camel's forced one
            Path log = dir.resolve("once.log");
            Process once = ChildRelay.start(settings, log, "--once");
            try {
                Instant deadline = Instant.now().plusSeconds(60);
                while (rows(csv) < 2 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                assertThat(rows(csv)).as("a few rows written").isGreaterThanOrEqualTo(2);

                Instant signalled = Instant.now();
                once.destroy(); // SIGTERM
                assertThat(once.waitFor(10, TimeUnit.SECONDS)).as("stopped promptly").isTrue();
                assertThat(Duration.between(signalled, Instant.now())).isLessThan(Duration.ofSeconds(5));
                assertThat(once.exitValue()).isEqualTo(143);
            } finally {
                once.destroyForcibly();
            }
            String written = Files.readString(csv);
            assertThat(written).endsWith("\n");
            assertThat(Relay.keys(data)).hasSizeBetween(2, 19).doesNotHaveDuplicates();
            assertThat(Files.readString(log)).contains("stopped early: shutting down")
                    .contains("Stopped after the pages in hand").doesNotContain("\tat ");
        }
    }

    private static int rows(Path csv) {
        try {
            return Files.exists(csv) ? (int) Files.readString(csv).lines().count() - 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
