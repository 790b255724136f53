package org.cncertrelay.operate;

import static org.cncertrelay.testing.Waiting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * One relay per data dir, held by an OS lock for the life of the process: a second run that would repeat the
 * holder's work stops at once with one line naming the dir and the holder's PID; {@code --digest-now} waits for the
 * holder; a holder killed with {@code kill -9} leaves nothing that blocks the next start.
 */
class OneOwnerTest {

    /** Rounds of two {@code --once} started together; raise it (-Downer.rounds=8) to measure. */
    private static final int ROUNDS = Integer.getInteger("owner.rounds", 2);

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void twoOnceRunsStartedTogetherOneRunsTheOtherExits2AndEveryMessageArrivesOnce() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            Path data = dir.resolve("data-" + round);
            try (PageServer pages = new PageServer();
                 Receiver hook = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
                List<Issue> issues = new ArrayList<>();
                for (int number = 1; number <= 5; number++) {
                    Issue issue = Issue.madeUp(2024, number);
                    pages.route(issue.mid(), PageServer.slow(Duration.ofMillis(200), PageServer.html(issue.html())));
                    issues.add(issue);
                }
                // a first run knows issue 1, so the four newer ones are news: four messages
                Relay first = new Relay(data).urls(issues.get(0).url(pages.base()))
                        .target("hook", "generic", hook.url("/hook"));
                assertThat(first.run("--once")).isZero();
                assertThat(hook.requests()).hasSize(1);

                Map<String, String> settings = new LinkedHashMap<>(first.settings());
                settings.put("reports.urls", String.join(",", issues.stream().map(i -> i.url(pages.base())).toList()));
                Path logA = dir.resolve("round-" + round + "-a.log");
                Path logB = dir.resolve("round-" + round + "-b.log");
                Process a = child(settings, logA, "--once");
                Process b = child(settings, logB, "--once");
                assertThat(a.waitFor(90, TimeUnit.SECONDS) && b.waitFor(90, TimeUnit.SECONDS)).isTrue();

                List<Integer> exits = List.of(a.exitValue(), b.exitValue());
                assertThat(exits).as("round %d: %s / %s", round, Files.readString(logA), Files.readString(logB))
                        .containsExactlyInAnyOrder(0, 2);
                Process winner = a.exitValue() == 0 ? a : b;
                Path loserLog = a.exitValue() == 0 ? logB : logA;
                assertThat(Files.readAllLines(loserLog)).singleElement().asString()
                        .startsWith("cncert-relay: data dir " + data.toRealPath() + " is in use by another "
                                + "cncert-relay (PID " + winner.pid() + ")");

                List<String> deliveries = hook.requests().stream()
                        .map(request -> request.json().path("delivery_id").asText()).toList();
                assertThat(deliveries).as("round %d", round).hasSize(5).doesNotHaveDuplicates();
                assertThat(Relay.keys(data)).hasSize(5).doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void aRunBesideTheDaemonExits2AndAKilledDaemonNeverBlocksTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        Process daemon = child(daemonSettings(data), dir.resolve("daemon.log"));
        awaitHolder(data, daemon);

        Relay.Run beside = new Relay(data).runCapturing("--once");
        assertThat(beside.exitCode()).isEqualTo(2);
        assertThat(beside.err().lines().toList()).singleElement().asString()
                .contains(data.toRealPath().toString()).contains("(PID " + daemon.pid() + ")");

        daemon.destroyForcibly(); // kill -9: the lock file stays, the OS lock dies with the process
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(data.resolve(".lock")).trim()).isEqualTo(Long.toString(daemon.pid()));

        Relay.Run after = new Relay(data).runCapturing("--once");
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.output()).doesNotContain("in use");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--digest-now", "--reparse"})
    void aCommandBesideTheRelayWaitsForTheRelayHoldingTheDataDirThenRuns(String command) throws Exception {
        Path data = dir.resolve("data");
        Process daemon = child(daemonSettings(data), dir.resolve("daemon.log"));
        awaitHolder(data, daemon);

        Path log = dir.resolve("digest.log");
        Process digest = child(Map.of("relay.data-dir", data.toString()), log, command);
        awaitTrue(Duration.ofSeconds(60), () -> read(log).contains("waiting"), "the waiting line");
        assertThat(digest.waitFor(2, TimeUnit.SECONDS)).as("still waiting while the daemon runs").isFalse();
        assertThat(read(log).lines().toList()).singleElement().asString().isEqualTo("cncert-relay: waiting for "
                + "cncert-relay (PID " + daemon.pid() + ") holding " + data.toRealPath() + " to finish …");

        daemon.destroy(); // SIGTERM
        assertThat(digest.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        assertThat(digest.exitValue()).as(read(log)).isZero();
    }

    private Process child(Map<String, String> settings, Path log, String... args) throws IOException {
        Process process = ChildRelay.start(settings, log, args);
        children.add(process);
        return process;
    }

    private static Map<String, String> daemonSettings(Path data) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data-dir", data.toString());
        try (ServerSocket socket = new ServerSocket(0)) {
            settings.put("relay.management.port", Integer.toString(socket.getLocalPort()));
        }
        settings.put("relay.shutdown-timeout", "5s");
        return settings;
    }

    /** Until the daemon holds the data dir: its PID is in the lock file. */
    private static void awaitHolder(Path data, Process daemon) throws InterruptedException {
        awaitTrue(Duration.ofSeconds(60), () -> read(data.resolve(".lock")).trim().equals(Long.toString(daemon.pid())),
                "the daemon holds the data dir");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
