package org.cncertrelay.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw archive as a file format: what goes in comes out, a torn record is skipped, old files go. */
class RawArchiveTest {

    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path data;

    private static RawArchive.Capture page(String mid, byte[] body) {
        return new RawArchive.Capture(RawArchive.Kind.PAGE, URI.create("http://127.0.0.1/s?mid=" + mid), NOW, 200,
                Map.of("Content-Type", List.of("text/html; charset=utf-8"), "X-Served-By", List.of("test")), body);
    }

    @Test
    void capturesComeBackAsTheyWentInWithATornLastRecordSkipped() throws IOException {
        RawArchive archive = new RawArchive(data, null, 1L << 30, Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] gzipped = gzip("<html>网络安全信息与动态周报</html>");
        archive.keep(page("1", "<html>第一</html>".getBytes(StandardCharsets.UTF_8)));
        archive.keep(page("2", gzipped)); // sent compressed unasked: kept as received
        archive.keep(new RawArchive.Capture(RawArchive.Kind.FILE, data.resolve("issue.txt").toUri(), NOW, 0,
                Map.of(), "---\ntitle: x\n---\n".getBytes(StandardCharsets.UTF_8)));
        Path file = archive.files().get(0);
        long whole = Files.size(file);
        archive.keep(page("3", "<html>cut short</html>".getBytes(StandardCharsets.UTF_8)));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole + (Files.size(file) - whole) / 2); // a crash in the middle of the last write
        }
        // the restarted relay begins a new file: what it keeps is read after the torn record
        RawArchive restarted = new RawArchive(data, null, 1L << 30, Clock.fixed(NOW.plusSeconds(60),
                ZoneOffset.UTC));
        restarted.keep(page("4", "<html>after the restart</html>".getBytes(StandardCharsets.UTF_8)));

        List<RawArchive.Capture> read = new ArrayList<>();
        assertThat(restarted.readAll(read::add)).isEqualTo(4);
        assertThat(read).extracting(RawArchive.Capture::kind).containsExactly(RawArchive.Kind.PAGE,
                RawArchive.Kind.PAGE, RawArchive.Kind.FILE, RawArchive.Kind.PAGE);
        assertThat(read.get(0).uri()).isEqualTo(URI.create("http://127.0.0.1/s?mid=1"));
        assertThat(read.get(0).status()).isEqualTo(200);
        assertThat(read.get(0).date()).isEqualTo(NOW);
        assertThat(read.get(0).headers()).containsEntry("X-Served-By", List.of("test"));
        assertThat(new String(read.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("<html>第一</html>");
        assertThat(read.get(1).body()).isEqualTo(gzipped);
        assertThat(read.get(2).uri().getScheme()).isEqualTo("file");
        assertThat(read.get(3).uri()).isEqualTo(URI.create("http://127.0.0.1/s?mid=4"));
    }

    @Test
    void aBodyThatCameCompressedIsStoredInItsMemberNotCompressedAgain() throws IOException {
        byte[] text = "<html>网络安全信息与动态周报 第45期</html>\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] gzipped = gzip(new String(text, StandardCharsets.UTF_8));
        new RawArchive(data.resolve("plain"), null, 1L << 30, Clock.fixed(NOW, ZoneOffset.UTC)).keep(page("1", text));
        RawArchive archive = new RawArchive(data.resolve("compressed"), null, 1L << 30,
                Clock.fixed(NOW, ZoneOffset.UTC));
        archive.keep(page("2", gzipped));

        assertThat(firstBlockType(data.resolve("plain"))).as("a plain body is compressed").isNotZero();
        // deflate's block type 00: the bytes stored as they are
        assertThat(firstBlockType(data.resolve("compressed"))).as("a compressed body is stored").isZero();
        List<RawArchive.Capture> read = new ArrayList<>();
        archive.readAll(read::add);
        assertThat(read).singleElement().satisfies(capture -> assertThat(capture.body()).isEqualTo(gzipped));
    }

    /** The type of the first deflate block of the raw archive's one file (after gzip's 10-byte header). */
    private static int firstBlockType(Path dataDir) throws IOException {
        try (var files = Files.list(dataDir.resolve("raw"))) {
            byte[] member = Files.readAllBytes(files.findFirst().orElseThrow());
            return (member[10] >> 1) & 0b11;
        }
    }

    @Test
    void filesPastTheirAgeOrBeyondTheBoundAreDeletedWhenANewFileIsStarted() throws IOException {
        Files.createDirectories(data.resolve("raw"));
        Path old = Files.write(data.resolve("raw/raw-20250101T000000000Z.warc.gz"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(40))));
        Path recent = Files.write(data.resolve("raw/raw-20260101T000000000Z.warc.gz"), new byte[10]);
        Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofDays(4))));
        RawArchive archive = new RawArchive(data, Duration.ofDays(30), 1L << 30, Clock.fixed(NOW, ZoneOffset.UTC));
        archive.keep(page("1", new byte[] {1}));
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(archive.files()).hasSize(2);

        RawArchive bounded = new RawArchive(data, null, 100, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC));
        bounded.keep(page("2", new byte[] {2}));
        assertThat(recent).as("the oldest goes first while the archive is too large").doesNotExist();
        assertThat(bounded.files()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
