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
