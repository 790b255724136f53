package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I17;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;
import static org.cncertrelay.testing.Issue.I45;
import static org.cncertrelay.testing.Issue.I9;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --once} over article pages on a local server: the CSV cell by cell, then a rerun that does nothing. */
class OncePollTest {

    @TempDir
    Path data;

    @Test
    void oncePollWritesOneRowPerIssueAndARerunNeitherAddsNorFetches() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            for (Issue issue : Issue.REAL) {
                server.page(issue.mid(), issue.htmlLinkingTo(base));
            }
            // a made-up issue that does not state the mobile-app counts: their cells stay empty, never 0
            Issue made = Issue.madeUp(2024, 40);
            Issue unstated = made.withMobileCounts(null, null);
            server.page(unstated.mid(), Issue.withoutMobileSentence(unstated.page()));
            List<Issue> polled = List.of(I39, I29, I9, I45, I17, unstated);

            Relay relay = new Relay(data).urls(polled.stream().map(issue -> issue.url(base)).toArray(String[]::new));
            Relay.Run first = relay.once();

            assertThat(first.exitCode()).as(first.output()).isZero();
            String csv = Relay.csvText(data);
            assertThat(csv).startsWith(Relay.HEADER + "\n").endsWith("\n");
            assertThat(csv.lines().filter(line -> line.equals(Relay.HEADER))).hasSize(1);
            List<List<String>> rows = Relay.rows(data);
            assertThat(rows).hasSize(6);
            for (int i = 0; i < polled.size(); i++) {
                Issue issue = polled.get(i);
                List<String> images = issue.isReal() ? issue.chartImages()
                        : I39.chartImages();
                String warnings = issue == I17 ? I17_WARNING : "";
                assertThat(rows.get(i)).as("row of %s", issue.label()).containsExactlyElementsOf(
                        expectedRow(issue, images, warnings));
            }
            // spelled out once, so a mistake in expectedRow cannot hide one in the CSV
            assertThat(rows.get(0).subList(0, 15)).containsExactly("2024", "39", "2024-09-23", "2024-09-29", "2024-10-09", "良",
                    "742", "618", "677", "7", "7", "网络安全信息与动态周报2024年第39期（9月23日-9月29日）",
                    "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499384&idx=1"
                            + "&sn=a6147bec24a7c347f26fafda8c96c2c4",
                    String.join(" ", I39.chartImages()), "");
            assertThat(rows.get(0).subList(15, rows.get(0).size())).hasSize(Relay.LEGACY_COLUMNS).containsOnly("");
            assertThat(rows.get(5).subList(9, 11)).containsExactly("", "");
            assertThat(rows.get(4).get(14)).isEqualTo(I17_WARNING);
            for (Issue issue : polled) {
                assertThat(server.hits(issue.mid())).as("requests for %s", issue.label()).isEqualTo(1);
            }
            assertThat(first.lines()).noneMatch(line -> line.startsWith("\tat "));

            // a rerun on the same data: no row added, no page requested again
            int requestsBefore = server.totalHits();
            Relay.Run second = relay.once();
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(Relay.csvText(data)).isEqualTo(csv);
            assertThat(server.totalHits()).as("requests in the rerun: %s", server.requests())
                    .isEqualTo(requestsBefore);
            for (Issue issue : polled) {
                assertThat(server.hits(issue.mid())).as("requests for %s", issue.label()).isEqualTo(1);
            }
        }
    }

    /** The warning the relay keeps with 2024年第17期 (a 6-day week), in the default relay.language. */
    static final String I17_WARNING = "统计周为 6 天（2024-04-22..2024-04-27），应为 7 天";

    static List<String> expectedRow(Issue issue, List<String> images, String warnings) {
        List<String> row = new ArrayList<>(List.of(
                Integer.toString(issue.year()), Integer.toString(issue.number()),
                issue.start().toString(), issue.end().toString(), issue.published().toString(), "良",
                cell(issue.total()), cell(issue.crossBorder()), cell(issue.phishing()), cell(issue.platforms()),
                cell(issue.urls()), issue.title(), issue.canonicalUrl(), String.join(" ", images), warnings));
        row.addAll(java.util.Collections.nCopies(Relay.LEGACY_COLUMNS, ""));
        return row;
    }

    private static String cell(Integer count) {
        return count == null ? "" : count.toString();
    }
}
