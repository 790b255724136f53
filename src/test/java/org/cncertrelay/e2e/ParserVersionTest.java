package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.ParserVersion;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rejection that is the parser's judgement is not permanent: a page an older parser judged "not this bulletin"
 * is read again by a newer one (a ledger line written before the version was kept counts as parser 1), while one
 * this parser judged so is not, and neither is a rejection that is a fact about the page (an HTTP 404).
 */
class ParserVersionTest {

    @TempDir
    Path data;

    @Test
    void aPageRejectedByAnOlderParserIsReadAgainOnce() throws Exception {
        try (PageServer pages = new PageServer()) {
            String byOldParser = pages.serve(Issue.I39);
            String byThisParser = pages.serve(Issue.I29);
            String gone = pages.serve(Issue.I45);
            StringBuilder ledger = new StringBuilder();
            ledger.append(line(byOldParser, "NOT_THIS_BULLETIN", null)).append('\n');
            ledger.append(line(byThisParser, "UNRECOGNISED", ParserVersion.PARSER_VERSION)).append('\n');
            ledger.append(line(gone, "HTTP_4XX", null)).append('\n');
            Files.writeString(data.resolve("pages.jsonl"), ledger, StandardCharsets.UTF_8);

            Relay relay = new Relay(data);
            Relay.Run run = relay.runCapturing("--backfill");
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(Relay.keys(data)).as(run.output()).containsExactly("2024/39");
            assertThat(pages.hits(Issue.I29.mid())).isZero();
            assertThat(pages.hits(Issue.I45.mid())).isZero();

            // read once under this parser: not again
            Relay.Run again = relay.runCapturing("--backfill");
            assertThat(again.linesContaining("Poll started: 0 source(s)")).as(again.output()).hasSize(1);
        }
    }

    /** A page ledger line; {@code version} null writes it as a relay before the parser's version was kept did. */
    private static String line(String url, String problem, Integer version) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("key", ArticleAddress.parse(url).orElseThrow().key());
        json.put("url", url);
        json.put("status", "PERMANENT_FAILURE");
        json.put("problem", problem);
        json.put("attempts", 1);
        json.putNull("retry_at");
        json.put("depth", 0);
        if (version != null) {
            json.put("parser_version", version);
        }
        return json.toString();
    }
}
