package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.cncertrelay.testing.FullDisk;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up in the middle of a poll (the data dir's writes fail after a number of bytes, as ENOSPC does):
 * no journal is left with half a line, the pages whose record could not be written are not counted, the relay says
 * so once per file and once when writing works again, and nothing is lost: the next run reads those pages again.
 */
class DiskFullTest {

    private static final int ISSUES = 20;

    @TempDir
    Path data;

    @Test
    void aDiskThatFillsDuringAPollAndEmptiesAgainLosesNoRecordAndTheNextStartIsFine() throws Exception {
        try (PageServer server = new PageServer()) {
            List<Issue> issues = DamagedStateTest.issues(server, ISSUES);
            Relay relay = new Relay(data).urls(DamagedStateTest.urls(server, issues))
                    .set("reports.retry.initial-delay", "1s"); // the shortest backoff: due again by the next run

            Relay.Run full;
            int refused;
            // room for about eight issues, then three pages' writes are refused before space returns
            try (FullDisk disk = FullDisk.under(data, 15_000).freeAfter(6)) {
                full = relay.once();
                refused = disk.refused();
            }

            assertThat(full.exitCode()).as(full.output()).isZero();
            assertThat(refused).isEqualTo(6);
            List<String> warnings = full.warningsAbout("Cannot write");
            assertThat(warnings).as(full.output()).singleElement(InstanceOfAssertFactories.STRING)
                    .contains("No space left on device")
                    .containsAnyOf("records.jsonl", "reports.csv", ".warc.gz", "outbox.journal");
            assertThat(full.linesContaining("Writing works again")).hasSize(1);
            assertThat(full.lines()).noneMatch(line -> line.startsWith("\tat ") || line.contains(" ERROR "));
            int recordedWhileFull = Relay.keys(data).size();
            assertThat(recordedWhileFull).isLessThan(ISSUES);
            assertWhole(data.resolve("records.jsonl"));
            assertWhole(data.resolve("reports.csv"));

            Thread.sleep(1_100); // the refused pages' retry is due
            Relay.Run next = relay.once();

            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(Relay.keys(data)).as("every issue once").hasSize(ISSUES).doesNotHaveDuplicates();
            assertThat(Files.readAllLines(data.resolve("records.jsonl")))
                    .filteredOn(line -> line.contains("\"event\":\"recorded\"")).hasSize(ISSUES);
            assertThat(issues).allSatisfy(issue -> assertThat(server.hits(issue.mid())).isBetween(1, 2));
            System.out.printf("disk full during a poll of %d issues: %d writes refused, %d of %d rows written "
                    + "while full, %d after the next run; WARN lines: %d%n", ISSUES, refused, recordedWhileFull,
                    ISSUES, Relay.keys(data).size(), warnings.size());
        }
    }

    @Test
    void aDiskStillFullWhenThePollEndsLeavesWholeJournalsAndTheNextRunCompletesIt() throws Exception {
        try (PageServer server = new PageServer()) {
            List<Issue> issues = DamagedStateTest.issues(server, ISSUES);
            Relay relay = new Relay(data).urls(DamagedStateTest.urls(server, issues))
                    .set("reports.retry.initial-delay", "1s"); // the shortest backoff: due again by the next run

            Relay.Run full;
            try (FullDisk disk = FullDisk.under(data, 15_000)) {
                full = relay.once();
            }
            assertThat(full.warningsAbout("Cannot write")).as(full.output()).hasSize(1);
            for (String journal : List.of("records.jsonl", "pages.jsonl", "reports.csv")) {
                assertWhole(data.resolve(journal));
            }
            int recordedWhileFull = Relay.keys(data).size();

            Thread.sleep(1_100); // the refused pages' retry is due
            Relay.Run next = relay.once();

            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(Relay.keys(data)).hasSize(ISSUES).doesNotHaveDuplicates();
            System.out.printf("disk full until the end of a poll of %d issues: exit %d, %d rows while full, %d "
                    + "after the next run (exit %d)%n", ISSUES, full.exitCode(), recordedWhileFull,
                    Relay.keys(data).size(), next.exitCode());
        }
    }

    /** Whole lines only: empty when the disk refused its very first line (which the next run writes). */
    private static void assertWhole(Path file) throws Exception {
        String text = Files.readString(file);
        assertThat(text.isEmpty() || text.endsWith("\n")).as("%s ends with a whole line: %s", file, text).isTrue();
    }
}
