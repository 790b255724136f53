package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.RelayApplication;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State files damaged outside the relay: it stops on what it cannot read, and repairs what it can. */
class DamagedStateTest {

    @TempDir
    Path data;

    @Test
    void aDamagedLineInTheMiddleOfAJournalStopsTheStartWithOneLineNamingTheFileAndTheLine() throws Exception {
        try (PageServer server = new PageServer()) {
            List<Issue> issues = issues(server, 3);
            Relay relay = new Relay(data).urls(urls(server, issues));
            assertThat(relay.once().exitCode()).isZero();
            Path journal = data.resolve("records.jsonl");
            List<String> lines = new ArrayList<>(Files.readAllLines(journal));
            assertThat(lines.size()).isGreaterThan(3);
            // half a line with the rest appended to it: what an append after a failed one used to leave
            int second = lines.indexOf(lines.stream().filter(line -> line.contains("\"recorded\"")).skip(1)
                    .findFirst().orElseThrow());
            lines.set(second, lines.get(second).substring(0, lines.get(second).length() / 2) + lines.get(second + 1));

            Files.write(journal, lines, StandardCharsets.UTF_8);
            Relay.Run run = relay.once();

            assertThat(run.exitCode()).isEqualTo(RelayApplication.EXIT_BAD_CONFIG);
            assertThat(run.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("cncert-relay: cannot start: " + journal + " line " + (second + 1)
                            + " is not a valid entry (Unexpected character")
                    .endsWith("; the file was damaged or edited. Keep a copy of the file, then repair or delete that "
                            + "line and start again (README, \"State and restarts\", says what a deleted line costs)");
        }
    }

    @Test
    void aTruncatedRecordJournalIsRebuiltFromThePagesWithoutAChatMessageTwiceOrARowLost() throws Exception {
        try (PageServer server = new PageServer();
                Receiver chat = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            List<Issue> issues = issues(server, 11);
            Relay relay = new Relay(data).target("hook", "generic", chat.url("/hook"));
            // a first issue, then ten newer ones: all ten are news
            assertThat(relay.urls(urls(server, issues.subList(0, 1))).once().exitCode()).isZero();
            assertThat(relay.urls(urls(server, issues)).once().exitCode()).isZero();
            assertThat(chat.requests()).hasSize(11);
            String csv = Relay.csvText(data);
            Path journal = data.resolve("records.jsonl");
            byte[] whole = Files.readAllBytes(journal);
            Files.write(journal, java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
            long left = recorded(journal);

            Relay.Run restart = relay.once();

            assertThat(restart.exitCode()).as(restart.output()).isZero();
            assertThat(restart.warningsAbout("whose issue is not in")).as(restart.output()).singleElement()
                    .asString().contains(journal.toString(), (11 - left) + " row(s)",
                            (11 - left) + " of these issues are read again");
            assertThat(recorded(journal)).isEqualTo(11);
            assertThat(Relay.csvText(data)).isEqualTo(csv);
            assertThat(chat.requests()).as("no chat message twice").hasSize(11);
            for (Issue issue : issues) {
                assertThat(server.hits(issue.mid())).isLessThanOrEqualTo(issue == issues.get(0) ? 3 : 2);
            }
            System.out.printf("records.jsonl cut at 60%%: %d of 11 records left; after the restart %d records, "
                    + "%d CSV rows (unchanged), %d chat messages (none twice)%n", left, recorded(journal),
                    Relay.keys(data).size(), chat.requests().size());
        }
    }

    @Test
    void rowsThatNoRecordExplainsAreReportedAndKept() throws Exception {
        try (PageServer server = new PageServer()) {
            List<Issue> issues = issues(server, 2);
            Relay relay = new Relay(data).urls(urls(server, issues));
            assertThat(relay.once().exitCode()).isZero();
            String csv = Relay.csvText(data);
            Files.delete(data.resolve("records.jsonl"));
            Files.delete(data.resolve("pages.jsonl"));

            Relay.Run restart = new Relay(data).once();

            assertThat(restart.exitCode()).as(restart.output()).isZero();
            assertThat(restart.warningsAbout("row(s) whose issue is not in")).singleElement().asString()
                    .contains("2 row(s)", "2023年第1期, 2023年第2期", "0 of these issues are read again");
            assertThat(Relay.csvText(data)).isEqualTo(csv);
        }
    }

    @Test
    void aRowMissingFromTheCsvIsWrittenAgain() throws Exception {
        try (PageServer server = new PageServer()) {
            List<Issue> issues = issues(server, 3);
            Relay relay = new Relay(data).urls(urls(server, issues));
            assertThat(relay.once().exitCode()).isZero();
            List<String> lines = Files.readAllLines(data.resolve("reports.csv"));
            Files.write(data.resolve("reports.csv"), List.of(lines.get(0), lines.get(1), lines.get(3)));

            Relay.Run restart = relay.once();

            assertThat(restart.exitCode()).as(restart.output()).isZero();
            assertThat(restart.warningsAbout("lacked the row(s)")).singleElement().asString()
                    .contains("1 recorded issue(s) (2023年第2期)");
            assertThat(Relay.keys(data)).containsExactly("2023/1", "2023/3", "2023/2");
        }
    }

    /** Whole "recorded" lines: a line cut off at the end does not count. */
    private static long recorded(Path journal) throws Exception {
        String text = Files.readString(journal);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines()
                .filter(line -> line.contains("\"event\":\"recorded\"")).count();
    }

    static List<Issue> issues(PageServer server, int count) {
        List<Issue> issues = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            Issue issue = Issue.madeUp(2023, number);
            server.page(issue.mid(), issue.page());
            issues.add(issue);
        }
        return issues;
    }

    static String[] urls(PageServer server, List<Issue> issues) {
        return issues.stream().map(issue -> issue.url(server.base())).toArray(String[]::new);
    }
}
