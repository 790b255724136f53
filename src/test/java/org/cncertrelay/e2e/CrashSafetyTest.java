package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash (SIGKILL) in the middle of a poll loses nothing and duplicates nothing: the daemon runs in a child JVM,
 * is killed while it reads slow pages, and a {@code --once} run afterwards leaves every issue in the CSV exactly
 * once. A CSV row a crash tore is repaired when the relay starts; a last row a person saved without a newline is
 * kept.
 */
class CrashSafetyTest {

    private static final Duration PAGE_DELAY = Duration.ofMillis(150);

    @TempDir
    Path data;

    @TempDir
    Path logs;

    @Test
    void killedInTheMiddleOfAPollThenRunAgainEveryIssueIsInTheCsvExactlyOnce() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            List<Issue> issues = new ArrayList<>();
            for (int number = 1; number <= 20; number++) {
                Issue issue = Issue.madeUp(2023, number);
                issues.add(issue);
                server.route(issue.mid(), PageServer.slow(PAGE_DELAY, PageServer.html(issue.page())));
            }
            Relay settings = new Relay(data).urls(issues.stream().map(issue -> issue.url(base))
                    .toArray(String[]::new));

            // the daemon (no --once): polls at start-up; killed once a few rows are written
            Process daemon = ChildRelay.start(settings.settings(), logs.resolve("daemon.log"));
            try {
                waitForRows(3, Duration.ofSeconds(60), daemon);
            } finally {
                daemon.destroyForcibly();
                assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            String log = Files.readString(logs.resolve("daemon.log"), StandardCharsets.UTF_8);
            List<String> keysAtKill = Relay.keys(data);
            assertThat(keysAtKill.size()).as("killed in the middle of the poll:\n%s", log).isBetween(3, 19);
            assertThat(log).doesNotContain("Poll finished");

            Process once = ChildRelay.start(settings.settings(), logs.resolve("once.log"), "--once");
            assertThat(once.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String onceLog = Files.readString(logs.resolve("once.log"), StandardCharsets.UTF_8);
            assertThat(once.exitValue()).as(onceLog).isZero();
            assertThat(onceLog.lines()).noneMatch(line -> line.startsWith("\tat "));

            String csv = Relay.csvText(data);
            assertThat(csv).endsWith("\n");
            assertThat(csv.lines().filter(line -> line.equals(Relay.HEADER))).as("header lines").hasSize(1);
            List<List<String>> rows = Relay.rows(data);
            assertThat(rows).allSatisfy(row -> assertThat(row).as("a whole row").hasSize(15 + Relay.LEGACY_COLUMNS));
            assertThat(Relay.keys(data)).as(csv).hasSize(20).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(issues.stream()
                            .map(issue -> issue.year() + "/" + issue.number()).toList());
            for (List<String> row : rows) {
                Issue issue = issues.get(Integer.parseInt(row.get(1)) - 1);
                assertThat(row).isEqualTo(OncePollTest.expectedRow(issue, I39.chartImages(), ""));
            }
            // pages whose rows were written before the kill (but the last, which may not be marked read yet)
            // were not requested again
            for (String key : keysAtKill.subList(0, keysAtKill.size() - 1)) {
                Issue issue = issues.get(Integer.parseInt(key.substring(key.indexOf('/') + 1)) - 1);
                assertThat(server.hits(issue.mid())).as("requests for %s, recorded before the kill", issue.label())
                        .isEqualTo(1);
            }
            Set<String> fetchedTwice = new HashSet<>();
            for (Issue issue : issues) {
                assertThat(server.hits(issue.mid())).isBetween(1, 2);
                if (server.hits(issue.mid()) == 2) {
                    fetchedTwice.add(issue.mid());
                }
            }
            assertThat(fetchedTwice).as("pages fetched again after the crash").hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void aRowTornByACrashDuringItsAppendIsRepairedAndWrittenWholeOnStart() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            server.page(I39.mid(), I39.htmlLinkingTo(base));
            server.page(I29.mid(), I29.htmlLinkingTo(base));
            Relay relay = new Relay(data).urls(I39.url(base), I29.url(base));
            assertThat(relay.once().exitCode()).isZero();
            String whole = Relay.csvText(data);
            assertThat(Relay.keys(data)).containsExactly("2024/39", "2024/29");

            // Put the data folder back in the state a SIGKILL halfway through writing 2024年第29期's row leaves:
            // the record stored, its row half written (no newline), nothing after that in any journal.
            String row29 = whole.lines().toList().get(2);
            Files.writeString(data.resolve("reports.csv"),
                    whole.substring(0, whole.indexOf(row29)) + row29.substring(0, row29.length() / 2));
            keepUpTo(data.resolve("records.jsonl"), "\"event\":\"recorded\",\"year\":2024,\"issue\":29,");
            keepBefore(data.resolve("pages.jsonl"), "\"key\":\"wechat:" + Issue.BIZ + ":" + I29.mid() + ":1\"");

            Relay.Run restart = relay.once();

            assertThat(restart.exitCode()).as(restart.output()).isZero();
            assertThat(Relay.csvText(data)).isEqualTo(whole);
        }
    }

    @Test
    void aLastRowWithoutNewlineIsAPersonsEditNotATornRowAndIsKept() throws Exception {
        try (PageServer server = new PageServer()) {
            String header = Relay.HEADER + "\n";
            String row = "2024,39,2024-09-23,2024-09-29,2024-10-09,良,742,618,677,7,7,"
                    + I39.title() + "," + I39.canonicalUrl() + ",,";
            Files.writeString(data.resolve("reports.csv"), header + row); // saved by an editor: no final newline

            Relay relay = new Relay(data);
            Relay.Run idle = relay.once();
            assertThat(idle.exitCode()).as(idle.output()).isZero();
            assertThat(Relay.csvText(data)).isEqualTo(header + row);

            server.page(I29.mid(), I29.htmlLinkingTo(server.base()));
            Relay.Run poll = relay.urls(I29.url(server.base())).once();
            assertThat(poll.exitCode()).as(poll.output()).isZero();
            assertThat(Relay.csvText(data)).startsWith(header + row + "\n2024,29,").endsWith("\n");
            assertThat(Relay.keys(data)).containsExactly("2024/39", "2024/29");
        }
    }

    private int waitForRows(int rows, Duration timeout, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(data.resolve("reports.csv"))) {
                int count = Math.toIntExact(Files.readString(data.resolve("reports.csv")).lines().count()) - 1;
                if (count >= rows) {
                    return count;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the daemon ended on its own, exit " + process.exitValue());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + rows + " rows within " + timeout);
    }

    /** Keeps the journal's lines up to and including the first that contains {@code marker}. */
    private static void keepUpTo(Path journal, String marker) throws IOException {
        List<String> lines = Files.readAllLines(journal);
        int index = indexOf(lines, marker, journal);
        Files.write(journal, lines.subList(0, index + 1));
    }

    /** Keeps the journal's lines before the first that contains {@code marker}. */
    private static void keepBefore(Path journal, String marker) throws IOException {
        List<String> lines = Files.readAllLines(journal);
        int index = indexOf(lines, marker, journal);
        Files.write(journal, lines.subList(0, index));
    }

    private static int indexOf(List<String> lines, String marker, Path journal) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + marker + " in " + journal + ":\n" + String.join("\n", lines));
    }
}
