package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.testing.FullDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    @Test
    void anAppendTheDiskRefusesLeavesTheJournalAsItWasAndTheNextOneWritesAWholeLine() throws Exception {
        Path journal = dir.resolve("records.jsonl");
        DurableFiles.append(journal, "{\"n\":1}\n");
        long failuresBefore = DurableFiles.failedWrites();
        try (FullDisk disk = FullDisk.under(dir, 5)) {
            assertThatThrownBy(() -> DurableFiles.append(journal, "{\"n\":2}\n"))
                    .isInstanceOf(DurableFiles.WriteFailedException.class)
                    .hasMessage("No space left on device");
            assertThat(Files.readString(journal)).isEqualTo("{\"n\":1}\n");
            assertThatThrownBy(() -> DurableFiles.appendRedoable(journal, "{\"n\":3}\n"))
                    .isInstanceOf(DurableFiles.WriteFailedException.class);
            assertThat(DurableFiles.failedWrites() - failuresBefore).isEqualTo(2);

            disk.free();
            DurableFiles.append(journal, "{\"n\":4}\n");
        }
        assertThat(Files.readString(journal)).isEqualTo("{\"n\":1}\n{\"n\":4}\n");
        assertThat(lines(journal)).containsExactly("{\"n\":1}", "{\"n\":4}");
    }

    @Test
    void aLineACrashTornIsCutOffAndTheNextAppendStartsOnAFreshLine() throws Exception {
        Path journal = dir.resolve("pages.jsonl");
        Files.writeString(journal, "{\"n\":1}\n{\"n\":2}\n{\"n\"");
        assertThat(lines(journal)).containsExactly("{\"n\":1}", "{\"n\":2}");
        DurableFiles.append(journal, "{\"n\":3}\n");
        assertThat(lines(journal)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void aDamagedLineInTheMiddleStopsTheReadNamingTheFileAndItsLine() throws Exception {
        Path journal = dir.resolve("records.jsonl");
        Files.writeString(journal, "{\"n\":1}\n\n{\"n\":2}\n{\"n\":3,\"x\":\"half a li{\"n\":4}\n{\"n\":5}\n");
        assertThatThrownBy(() -> DurableFiles.replay(journal,
                line -> org.cncertrelay.report.ReportJson.mapper().readTree(line)))
                .isInstanceOf(CorruptJournalException.class)
                .hasMessageStartingWith(journal + " line 4 is not a valid entry (Unexpected character")
                .hasMessageContaining("repair or delete that line and start again")
                .hasMessageNotContaining("column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static List<String> lines(Path journal) throws Exception {
        List<String> lines = new ArrayList<>();
        DurableFiles.replay(journal, lines::add);
        assertThat(Files.readString(journal, StandardCharsets.UTF_8)).endsWith("\n");
        return lines;
    }
}
