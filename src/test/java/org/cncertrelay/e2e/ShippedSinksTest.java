package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.page.FeedReader;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record sinks shipped in samples/sinks, loaded by the real application as a user would (the files copied into
 * relay.sinks-dir, switched on in {@code sinks}): the sql sink upserts each record (backfill too) into PostgreSQL by
 * (year, issue), the feed sink writes an Atom feed and a JSON Feed 1.1 that the relay's own feed reader and ROME
 * read back.
 */
class ShippedSinksTest {

    @TempDir
    Path data;

    @TempDir
    Path sinks;

    @Test
    void sqlAndFeedSinksGetEveryRecordBackfillIncluded() throws Exception {
        for (String sink : List.of("sql", "feed")) {
            Files.copy(Path.of("samples", "sinks", sink + ".camel.yaml"), sinks.resolve(sink + ".camel.yaml"));
        }
        String database = LocalPostgres.get().newDatabase();
        try (PageServer pages = new PageServer()) {
            List<Issue> issues = new ArrayList<>();
            for (int number = 1; number <= 4; number++) {
                issues.add(Issue.madeUp(2023, number));
            }
            Relay relay = new Relay(data).set("relay.management.enabled", "false")
                    .set("relay.sinks-dir", sinks.toString()).set("sinks", "sql,feed")
                    .set("sql-sink.url", database).set("sql-sink.user", "postgres").set("relay.language", "en");
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues.subList(0, 1))));
            assertThat(relay.run("--backfill")).isZero();
            relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(pages, issues)));
            Relay.Run run = relay.once();
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Delivered 2023年第4期 to sql", "Delivered 2023年第4期 to feed");

            List<String> newestFirst = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(database, "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT year, issue, delivery_id, event, document::text"
                         + " FROM cncert_reports ORDER BY year, issue")) {
                List<Integer> numbers = new ArrayList<>();
                List<String> urls = new ArrayList<>();
                while (rows.next()) {
                    numbers.add(rows.getInt("issue"));
                    assertThat(rows.getString("delivery_id")).isEqualTo("2023-" + rows.getInt("issue") + ".sql");
                    assertThat(rows.getString("event")).isEqualTo("published");
                    JsonNode document = new ObjectMapper().readTree(rows.getString(5));
                    assertThat(document.path("schema").asText()).isEqualTo("cncert-relay.report/v1");
                    assertThat(document.path("event").asText()).isEqualTo("report.published");
                    assertThat(document.path("report").path("issue").asInt()).isEqualTo(rows.getInt("issue"));
                    urls.add(0, document.path("report").path("url").asText());
                }
                assertThat(numbers).containsExactly(1, 2, 3, 4); // the backfilled one too, like the CSV
                newestFirst.addAll(urls);
            }

            Path atom = data.resolve("feed").resolve("feed.atom");
            Path json = data.resolve("feed").resolve("feed.json");
            List<FeedReader.FeedItem> ownAtom = new FeedReader().read(Files.readString(atom, StandardCharsets.UTF_8));
            List<FeedReader.FeedItem> ownJson = new FeedReader().read(Files.readString(json, StandardCharsets.UTF_8));
            for (List<FeedReader.FeedItem> items : List.of(ownAtom, ownJson)) {
                assertThat(items).extracting(FeedReader.FeedItem::link).containsExactlyElementsOf(newestFirst);
            }
            SyndFeed rome = new SyndFeedInput().build(new XmlReader(atom.toFile()));
            assertThat(rome.getFeedType()).isEqualTo("atom_1.0");
            assertThat(rome.getTitle()).isEqualTo("CNCERT weekly security bulletins (cncert-relay)");
            assertThat(rome.getEntries()).extracting(SyndEntry::getUri).containsExactly(
                    "urn:cncert-relay:issue:2023-4", "urn:cncert-relay:issue:2023-3", "urn:cncert-relay:issue:2023-2",
                    "urn:cncert-relay:issue:2023-1");
            assertThat(new ObjectMapper().readTree(json.toFile()).path("version").asText())
                    .isEqualTo("https://jsonfeed.org/version/1.1");
        }
    }

    private static String feed(PageServer pages, List<Issue> issues) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : issues) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
