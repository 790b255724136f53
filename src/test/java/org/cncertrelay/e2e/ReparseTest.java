package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.csv.ReportCsvFile;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.store.FileRecordStore;
import org.cncertrelay.sink.FlakySink;
import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;

/**
 * The raw archive and {@code --reparse}: what the relay read is kept as WARC, and a data dir an older parser made
 * (one that missed a figure of one issue and did not recognise another) is corrected from it without a request,
 * the CSV rewritten atomically and nothing announced.
 */
class ReparseTest {

    @TempDir
    Path data;

    @TempDir
    Path archive;

    @TempDir
    Path work;

    @Test
    void theRawContentIsKeptAsWarcAndReparseCorrectsWhatAnOlderParserMissed() throws Exception {
        try (PageServer pages = new PageServer();
                Receiver chat = new Receiver((request, call) -> Receiver.Reply.of(200, ""))) {
            String feed = oldParsersDataDir(pages);

            // every page, feed and archive file read is in the archive, readable by any WARC tool
            List<Captured> captured = warcRecords(data);
            List<String> responses = captured.stream().filter(record -> record.type().equals("response"))
                    .map(Captured::target).toList();
            assertThat(responses).contains(feed)
                    .anyMatch(target -> target.startsWith(Issue.I39.url(pages.base())))
                    .anyMatch(target -> target.startsWith(Issue.I29.url(pages.base())));
            Captured feedCapture = captured.stream().filter(record -> record.target().equals(feed)).findFirst()
                    .orElseThrow();
            assertThat(feedCapture.status()).isEqualTo(200);
            assertThat(feedCapture.contentType()).contains("xml");
            assertThat(feedCapture.body()).contains(Issue.I39.title());
            assertThat(captured).filteredOn(record -> record.type().equals("resource")).extracting(Captured::target)
                    .anyMatch(uri -> uri.startsWith("file:") && uri.endsWith("issue9.txt"));

            String before = Relay.csvText(data);
            int requestsBefore = pages.totalHits();
            Path sinkDir = Files.createDirectories(work.resolve("sink"));
            // a record sink "kept" that takes every delivery at once
            Relay relay = FlakySink.wiredInto(new Relay(data).target("hook", "generic", chat.url("/hook")), "kept",
                    work.resolve("sinks"), sinkDir, 0).set("relay.management.enabled", "false");
            Relay.Run reparse = relay.runCapturing("--reparse");

            assertThat(reparse.exitCode()).as(reparse.output()).isZero();
            assertThat(reparse.out()).contains("corrected 2024年第39期: incidents_total, warnings")
                    .contains("added 2024年第29期");
            assertThat(reparse.linesContaining("INFO RelayApplication - Reparse: ")).as(reparse.output())
                    .singleElement().asString().contains("1 record(s) corrected, 1 added, 2 CSV row(s) rewritten")
                    .contains("2024年第39期 (incidents_total, warnings)");
            assertThat(reparse.out()).containsPattern("offered to the record sinks as corrected: 2024-39\\.kept~\\w+$");
            assertThat(pages.totalHits()).as("no request").isEqualTo(requestsBefore);
            assertThat(Relay.keys(data)).containsExactlyInAnyOrder("2024/39", "2024/29", "2024/9");
            assertThat(Relay.rows(data)).contains(OncePollTest.expectedRow(Issue.I39,
                    Issue.I39.chartImages(), ""));
            assertThat(Relay.csvText(data)).isNotEqualTo(before);

            // a second reparse finds nothing to change; a poll afterwards announces none of it
            Relay.Run again = relay.runCapturing("--reparse");
            assertThat(again.out()).contains("0 record(s) corrected, 0 added, 0 CSV row(s) rewritten")
                    .doesNotContain("offered");
            Relay.Run poll = relay.set("reports.feeds", feed).once();
            assertThat(poll.exitCode()).as(poll.output()).isZero();
            assertThat(chat.requests()).as("nothing announced").isEmpty();
            // the record sinks, which mirror the records, get the correction once, as such; the sink, new here,
            // gets every record at the first poll, the one the reparse added included
            List<String> received = Files.readAllLines(sinkDir.resolve("received"));
            assertThat(received).hasSize(4)
                    .contains("2024-9.kept published", "2024-29.kept published", "2024-39.kept published")
                    .anyMatch(line -> line.matches("2024-39\\.kept~\\w+ corrected"));
        }
    }

    @Test
    void aKillDuringReparseLeavesTheOldCsvOrTheNewNeverAMix() throws Exception {
        try (PageServer pages = new PageServer()) {
            oldParsersDataDir(pages);
        }
        String old = Relay.csvText(data);
        Path reference = copy(data, work.resolve("reference"));
        assertThat(new Relay(reference).run("--reparse")).isZero();
        String corrected = Relay.csvText(reference);
        assertThat(corrected).isNotEqualTo(old);

        int sawOld = 0;
        int sawNew = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            Path dir = copy(data, work.resolve("attempt" + attempt));
            Process child = ChildRelay.start(Map.of("relay.data-dir", dir.toString()),
                    work.resolve("attempt" + attempt + ".log"), "--reparse");
            Thread.sleep(300L + attempt * 250L);
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String csv = Relay.csvText(dir);
            assertThat(csv).as("attempt %d", attempt).isIn(old, corrected);
            if (csv.equals(old)) {
                sawOld++;
            } else {
                sawNew++;
            }
            // whatever the kill left, a reparse afterwards finishes the correction
            assertThat(new Relay(dir).run("--reparse")).isZero();
            assertThat(Relay.csvText(dir)).isEqualTo(corrected);
        }
        assertThat(sawOld + sawNew).isEqualTo(8);
    }

    /**
     * A data dir as an older parser left it: the relay reads a feed (2024年第39期, 第29期) and an archive file
     * (第9期) with today's parser, then the record of 第39期 is made to lack its incident count and 第29期 is taken
     * out of the record store and the CSV, as a parser that missed the figure and did not recognise the page would
     * have left them. The raw archive holds what was read. Returns the feed's URL.
     */
    private String oldParsersDataDir(PageServer pages) throws IOException {
        String feed = pages.serveFeed("/feed.xml", Issue.rss(Issue.linkItem(Issue.I39.title(), pages.serve(Issue.I39))
                + Issue.linkItem(Issue.I29.title(), pages.serve(Issue.I29))));
        Files.writeString(archive.resolve("issue9.txt"), Issue.I9.snapshot(), StandardCharsets.UTF_8);
        Relay.Run first = new Relay(data).feeds(feed).set("reports.archive-dir", archive.toString())
                .runCapturing("--backfill");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(Relay.keys(data)).containsExactlyInAnyOrder("2024/39", "2024/29", "2024/9");

        Path journal = data.resolve("records.jsonl");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (!line.contains("\"year\":2024,\"issue\":29")) {
                kept.add(line);
            }
        }
        Files.write(journal, kept, StandardCharsets.UTF_8);
        FileRecordStore store = new FileRecordStore(data);
        Report i39 = store.all().stream().filter(report -> report.issue() == 39).findFirst().orElseThrow();
        ObjectNode missed = ReportJson.toJson(i39);
        missed.putNull("incidents_total");
        missed.putArray("warnings").add("no incident count");
        assertThat(store.correct(ReportJson.fromJson(missed))).isTrue();
        Path csv = data.resolve("reports.csv");
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (!line.startsWith("2024,29,")) {
                rows.add(line);
            }
        }
        Files.write(csv, rows, StandardCharsets.UTF_8);
        new ReportCsvFile(csv).agreeWith(store.all());
        assertThat(Relay.rows(data)).noneMatch(row -> row.get(1).equals("29"))
                .anyMatch(row -> row.get(1).equals("39") && row.get(6).isEmpty());
        return feed;
    }

    /** A WARC record as a WARC tool sees it. */
    private record Captured(String type, String target, int status, String contentType, String body) {
    }

    private static List<Captured> warcRecords(Path dataDir) throws IOException {
        List<Captured> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("raw"))) {
            for (Path file : files.sorted().toList()) {
                assertThat(file.getFileName().toString()).endsWith(".warc.gz");
                try (WarcReader reader = new WarcReader(file)) {
                    for (WarcRecord record : reader) {
                        if (record instanceof WarcResponse response) {
                            records.add(new Captured(response.type(), response.target(), response.http().status(),
                                    response.http().headers().first("Content-Type").orElse(""),
                                    new String(response.http().body().stream().readAllBytes(),
                                            StandardCharsets.UTF_8)));
                        } else if (record instanceof WarcResource resource) {
                            records.add(new Captured(resource.type(), resource.target(), 0, "",
                                    new String(resource.body().stream().readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }
        return records;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".lock")) {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
