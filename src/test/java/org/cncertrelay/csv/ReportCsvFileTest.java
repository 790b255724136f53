package org.cncertrelay.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.testing.FullDisk;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reports.csv is the relay's ledger and a person's file: what an editor or a spreadsheet leaves is accepted. */
class ReportCsvFileTest {

    private static final Report I1 = Reports.issue(1, 100).build();
    private static final Report I2 = Reports.issue(2, 200).build();
    private static final Report I3 = Reports.issue(3, 300).build();

    @TempDir
    Path dir;

    private Path csv() {
        return dir.resolve("reports.csv");
    }

    /** The file as the relay writes it with these rows. */
    private String written(Report... reports) {
        Path other = dir.resolve("written-" + reports.length + ".csv");
        ReportCsvFile file = new ReportCsvFile(other);
        for (Report report : reports) {
            file.append(report);
        }
        return read(other);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLastRowWithoutANewlineIsKeptAndTheNextRowGoesOnItsOwnLine() throws Exception {
        String saved = written(I1, I2).stripTrailing(); // an editor's save drops the final newline
        Files.writeString(csv(), saved);

        // I2 may be being written (any record may): a row lacking only its line ending is whole, not torn
        ReportCsvFile file = new ReportCsvFile(csv(), List.of(I2, I3));
        assertThat(file.urls().keySet()).containsExactlyInAnyOrder(I1.key(), I2.key());
        assertThat(file.append(I2)).isFalse();
        assertThat(file.append(I3)).isTrue();

        assertThat(read(csv())).isEqualTo(written(I1, I2, I3));
    }

    @Test
    void crlfLineEndingsAndABomAreAcceptedAndKept() throws Exception {
        String excel = "\uFEFF" + written(I1, I2).replace("\n", "\r\n");
        Files.writeString(csv(), excel.stripTrailing());

        ReportCsvFile file = new ReportCsvFile(csv());
        assertThat(file.urls().keySet()).containsExactlyInAnyOrder(I1.key(), I2.key());
        assertThat(file.append(I3)).isTrue();

        assertThat(read(csv())).isEqualTo("\uFEFF" + written(I1, I2, I3).replace("\n", "\r\n"));
    }

    @Test
    void aRowsUrlIsReplacedAndTheRestOfTheFileKeptAsItWas() throws Exception {
        String canonical = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1";
        String excel = "\uFEFF" + written(I1, I2).replace("\n", "\r\n");
        Files.writeString(csv(), excel.stripTrailing());

        ReportCsvFile file = new ReportCsvFile(csv());
        assertThat(file.replaceUrl(I3.key(), canonical)).as("no row of this issue").isFalse();
        assertThat(file.replaceUrl(I2.key(), I2.url())).as("the url it has").isFalse();
        assertThat(file.replaceUrl(I2.key(), canonical)).isTrue();

        assertThat(read(csv())).isEqualTo(excel.replace(I2.url(), canonical));
        assertThat(file.urls()).containsEntry(I2.key(), canonical).containsEntry(I1.key(), I1.url());
        assertThat(file.append(I3)).isTrue();
        assertThat(new ReportCsvFile(csv()).urls()).containsOnlyKeys(I1.key(), I2.key(), I3.key())
                .containsEntry(I2.key(), canonical);
        assertThat(dir.toFile().list()).as("no temporary file left").allMatch(name -> !name.endsWith(".tmp"));
    }

    @Test
    void theRowOfARecordBeingWrittenThatACrashToreIsCutAndWrittenWhole() throws Exception {
        String whole = written(I1, I2);
        Files.writeString(csv(), whole.substring(0, whole.length() - 20));

        ReportCsvFile file = new ReportCsvFile(csv(), List.of(I2, I3));
        assertThat(file.urls().keySet()).containsExactly(I1.key());
        assertThat(file.append(I2)).isTrue();

        assertThat(read(csv())).isEqualTo(whole);
    }

    @Test
    void aTornFirstWriteTakesItsHeaderWithIt() throws Exception {
        Files.writeString(csv(), written(I1).substring(0, 30));

        new ReportCsvFile(csv(), List.of(I1)).append(I1);

        assertThat(read(csv())).isEqualTo(written(I1));
    }

    @Test
    void aLastLineThatIsNoRowOfARecordBeingWrittenIsNeverCut() throws Exception {
        String edited = written(I1) + "2024,2,edited by hand";
        Files.writeString(csv(), edited);

        ReportCsvFile file = new ReportCsvFile(csv(), List.of(I2, I3));

        assertThat(file.urls().keySet()).containsExactlyInAnyOrder(I1.key(), new ReportKey(2024, 2));
        assertThat(read(csv())).isEqualTo(edited);
    }

    @Test
    void aRowTheDiskRefusedLeavesTheFileAsItWas() throws Exception {
        String before = written(I1);
        Files.writeString(csv(), before);
        ReportCsvFile file = new ReportCsvFile(csv());
        try (FullDisk disk = FullDisk.under(dir, 10)) {
            assertThatThrownBy(() -> file.append(I2)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(read(csv())).isEqualTo(before);
            disk.free();
            assertThat(file.append(I2)).isTrue();
        }
        assertThat(read(csv())).isEqualTo(written(I1, I2));
    }

    @Test
    void aRowWithoutIssueNumberIsNamedByItsLine() throws Exception {
        // a BOM, and a title over two lines before it: the line is the editor's line number
        String text = "\uFEFF" + written(I1.withWarnings(List.of("line one\nline two"))) + "Total,,,\n";
        Files.writeString(csv(), text);

        assertThatThrownBy(() -> new ReportCsvFile(csv()))
                .hasMessage(csv() + " line 4 has no year and issue number; repair or move the file");
    }

    @Test
    void aFileOfAnEarlierReleaseGetsTheNewColumnsAtOnceWithEmptyCellsInItsRows() throws Exception {
        int oldWidth = ReportCsvFile.FIRST_COLUMNS.size();
        StringBuilder old = new StringBuilder("\uFEFF" + String.join(",", ReportCsvFile.FIRST_COLUMNS) + "\r\n");
        for (String line : written(I1, I2).split("\n")) {
            if (!line.startsWith("year,")) {
                // the rows as the earlier release wrote them: today's cells without the legacy ones
                old.append(line, 0, line.length() - (ReportCsvFile.COLUMNS.size() - oldWidth)).append("\r\n");
            }
        }
        Files.writeString(csv(), old.toString());

        ReportCsvFile file = new ReportCsvFile(csv());
        assertThat(file.urls().keySet()).containsExactlyInAnyOrder(I1.key(), I2.key());
        assertThat(read(csv())).as("upgraded on opening, before any row is appended")
                .isEqualTo("\uFEFF" + written(I1, I2).replace("\n", "\r\n"));
        assertThat(file.append(I3)).isTrue();
        assertThat(read(csv())).isEqualTo("\uFEFF" + written(I1, I2, I3).replace("\n", "\r\n"));
        assertThat(read(csv()).lines().findFirst().orElseThrow())
                .endsWith(",warnings," + String.join(",", org.cncertrelay.report.LegacyFigure.columns()));
    }

    @Test
    void aLastRowOfAnEarlierReleaseWithoutANewlineIsNotTakenForATornRow() throws Exception {
        int oldWidth = ReportCsvFile.FIRST_COLUMNS.size();
        StringBuilder old = new StringBuilder(String.join(",", ReportCsvFile.FIRST_COLUMNS) + "\n");
        for (String line : written(I1, I2).split("\n")) {
            if (!line.startsWith("year,")) {
                old.append(line, 0, line.length() - (ReportCsvFile.COLUMNS.size() - oldWidth)).append("\n");
            }
        }
        // today's row of I2 begins with the old one: without the header check it would look torn
        Files.writeString(csv(), old.toString().stripTrailing());

        ReportCsvFile file = new ReportCsvFile(csv(), List.of(I1, I2, I3));

        assertThat(file.urls().keySet()).containsExactlyInAnyOrder(I1.key(), I2.key());
        assertThat(file.append(I2)).isFalse();
        String rowOfI2 = I2.year() + "," + I2.issue() + ",";
        assertThat(read(csv()).lines().filter(line -> line.startsWith(rowOfI2))).hasSize(1);
    }

    @Test
    void instancesSharingTheFileWriteOneHeaderAndEveryRow() throws Exception {
        // two instances of a cluster (here: two objects in one JVM) appending to one new file at once
        ReportCsvFile one = new ReportCsvFile(csv());
        ReportCsvFile other = new ReportCsvFile(csv());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ReportCsvFile instance : List.of(one, other)) {
                int first = instance == one ? 1 : 2;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int issue = first; issue <= 80; issue += 2) {
                        instance.append(Reports.issue(issue, issue).build());
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            threads.shutdown();
        }

        List<String> lines = read(csv()).lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("year,")).hasSize(1);
        assertThat(lines).hasSize(81);
        assertThat(new ReportCsvFile(csv()).urls()).hasSize(80);
    }

    @Test
    void aFileInAFolderNotThereYetIsWrittenThere() throws Exception {
        Path inNewFolder = dir.resolve("exports").resolve("cncert").resolve("reports.csv");

        ReportCsvFile file = new ReportCsvFile(inNewFolder);

        assertThat(file.append(I1)).isTrue();
        assertThat(read(inNewFolder)).isEqualTo(written(I1));
    }

    @Test
    void anotherProcessHoldingTheLockKeepsAnAppendWaiting() throws Exception {
        ReportCsvFile file = new ReportCsvFile(csv());
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldsTheLock.class.getName(),
                csv() + ".lock").redirectErrorStream(true).start();
        try {
            assertThat(new String(other.getInputStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("held\n");
            CompletableFuture<Boolean> append =
                    CompletableFuture.supplyAsync(() -> file.append(I1));
            Thread.sleep(500);
            assertThat(append).as("waits for the other process").isNotDone();

            other.getOutputStream().close(); // the other process lets go
            assertThat(append.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(read(csv())).isEqualTo(written(I1));
        } finally {
            other.destroyForcibly();
        }
    }

    /** Another instance of a cluster: holds {@code args[0]} locked until its stdin closes. */
    public static final class HoldsTheLock {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                System.out.print("held\n");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void aHeaderWithOtherColumnsAfterTodaysIsRefused() throws Exception {
        Files.writeString(csv(), String.join(",", ReportCsvFile.FIRST_COLUMNS) + ",my_notes\n");
        assertThatThrownBy(() -> new ReportCsvFile(csv())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("my_notes");
    }
}
