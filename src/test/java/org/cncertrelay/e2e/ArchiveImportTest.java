package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive folder: snapshots and saved pages, each imported once, whatever it is called later. */
class ArchiveImportTest {

    @TempDir
    Path data;

    @TempDir
    Path archive;

    @Test
    void eachFileIsImportedOnceEvenWhenCopiedOrRenamed() throws Exception {
        for (Issue issue : Issue.REAL) {
            Files.writeString(archive.resolve(issue.fixture() + ".txt"), issue.snapshot(), StandardCharsets.UTF_8);
        }
        // a page saved from a browser: its identity comes from the page's own script
        Issue i46 = Issue.madeUp(2024, 46);
        Files.createDirectories(archive.resolve("saved"));
        Path saved = archive.resolve("saved").resolve("网络安全信息与动态周报 第46期.html");
        Files.writeString(saved, i46.page(), StandardCharsets.UTF_8);
        Files.writeString(archive.resolve("notes.pdf"), "not an issue", StandardCharsets.UTF_8);

        // recall links in the snapshots point at mp.weixin.qq.com, which is not allowed here: nothing is fetched
        Relay relay = new Relay(data).set("reports.archive-dir", archive.toString())
                .set("reports.follow-depth", "5");
        Relay.Run first = relay.once();

        assertThat(first.exitCode()).as(first.output()).isZero();
        List<List<String>> rows = Relay.rows(data);
        assertThat(Relay.keys(data)).as(first.output())
                .containsExactlyInAnyOrder("2024/39", "2024/29", "2024/9", "2024/45", "2024/17", "2024/46");
        for (Issue issue : Issue.REAL) {
            String warnings = issue == Issue.I17 ? OncePollTest.I17_WARNING : "";
            assertThat(rows).as("row of %s", issue.label())
                    .contains(OncePollTest.expectedRow(issue, issue.chartImages(), warnings));
        }
        assertThat(rows).contains(OncePollTest.expectedRow(i46, Issue.I39.chartImages(), ""));
        assertThat(first.linesContaining("INFO Recorder - Recorded 20")).hasSize(6);
        // besides 第17期's validation warning, one WARN line per refused recall link
        assertThat(first.lines()).noneMatch(line -> line.contains(" WARN ") && !line.contains("2024年第17期")
                && !line.contains("not requested — host mp.weixin.qq.com is not in reports.allowed-hosts"));
        assertThat(first.output()).doesNotContain("notes.pdf");

        // the same folder again: nothing to import
        String csv = Relay.csvText(data);
        Relay.Run second = relay.once();
        assertThat(second.exitCode()).isZero();
        assertThat(second.linesContaining("Poll started: 0 source(s)")).hasSize(1);
        assertThat(second.linesContaining("Recorded")).isEmpty();
        assertThat(Relay.csvText(data)).isEqualTo(csv);

        // a copy under another name, a renamed page: known by their content, not imported again
        Files.copy(archive.resolve(Issue.I29.fixture() + ".txt"), archive.resolve("copy of issue 29.txt"));
        Files.move(saved, archive.resolve("renamed.htm"));
        Relay.Run third = relay.once();
        assertThat(third.exitCode()).isZero();
        assertThat(third.linesContaining("Poll started: 0 source(s)")).as(third.output()).hasSize(1);
        assertThat(third.output()).doesNotContain("copy of issue 29").doesNotContain("renamed.htm");
        assertThat(Relay.csvText(data)).isEqualTo(csv);

        // while a new file is still picked up
        Issue i47 = Issue.madeUp(2024, 47);
        Files.writeString(archive.resolve("issue47.html"), i47.page(), StandardCharsets.UTF_8);
        Relay.Run fourth = relay.once();
        assertThat(fourth.exitCode()).isZero();
        assertThat(fourth.linesContaining("Poll started: 1 source(s)")).as(fourth.output()).hasSize(1);
        assertThat(Relay.csvText(data)).startsWith(csv);
        assertThat(Relay.keys(data)).hasSize(7).endsWith("2024/47");
    }
}
