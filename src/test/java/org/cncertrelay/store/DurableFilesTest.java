package org.cncertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.cncertrelay.testing.FullDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    /** 3,000 lines of ~330 bytes each ({@link #paddedLine}): about four of appendLines' pieces. */
    private static final List<Integer> BATCH = IntStream.range(0, 3000).boxed().toList();

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
    void aBatchOfLinesLargerThanOnePieceIsWrittenWholeInOrder() throws Exception {
        Path journal = dir.resolve("webhooks.jsonl");
        DurableFiles.appendLines(journal, BATCH, DurableFilesTest::paddedLine);
        List<String> lines = lines(journal);
        assertThat(lines).hasSize(3000);
        assertThat(lines.get(0)).startsWith("{\"n\":0,");
        assertThat(lines.get(2999)).startsWith("{\"n\":2999,");
    }

    @Test
    void aBatchTheDiskRefusesPartWayLeavesNoneOfItsLines() throws Exception {
        Path journal = dir.resolve("webhooks.jsonl");
        DurableFiles.append(journal, "{\"n\":-1}\n");
        try (FullDisk disk = FullDisk.under(dir, 600_000)) { // room for the first pieces, not the last
            assertThatThrownBy(() -> DurableFiles.appendLines(journal, BATCH, DurableFilesTest::paddedLine))
                    .isInstanceOf(DurableFiles.WriteFailedException.class);
            assertThat(disk.refused()).isPositive();
        }
        assertThat(Files.readString(journal)).isEqualTo("{\"n\":-1}\n");
        // a line that cannot be written after pieces were: those pieces are cut off too
        assertThatThrownBy(() -> DurableFiles.appendLines(journal, BATCH,
                n -> n < 2999 ? paddedLine(n) : "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
        DurableFiles.append(journal, "{\"n\":-2}\n"); // written again: ends the spell of refusals
        assertThat(Files.readString(journal)).isEqualTo("{\"n\":-1}\n{\"n\":-2}\n");
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

    private static String paddedLine(int n) {
        return "{\"n\":" + n + ",\"p\":\"" + "x".repeat(300) + "\"}";
    }

    private static List<String> lines(Path journal) throws Exception {
        List<String> lines = new ArrayList<>();
        DurableFiles.replay(journal, lines::add);
        assertThat(Files.readString(journal, StandardCharsets.UTF_8)).endsWith("\n");
        return lines;
    }
}
