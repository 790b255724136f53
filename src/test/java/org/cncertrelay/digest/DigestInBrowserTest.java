package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportCount;
import org.cncertrelay.testing.HeadlessChromium;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The digest as a reader's browser lays it out, at a phone's width and a desktop's: nothing wider than the screen
 * (no sideways scrolling), every issue's name and figures on screen, the chart scaled to fit. Screenshots are left
 * in {@code target/digest-screenshots/} for a person to look at.
 */
class DigestInBrowserTest {

    private static final Path SHOTS = Path.of("target", "digest-screenshots");
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "{0} issue(s), {1}, {2} px")
    @CsvSource({"1, zh-CN, 375", "6, zh-CN, 375", "6, zh-CN, 320", "6, en, 375", "1, en, 1000", "6, zh-CN, 1000"})
    void fitsTheScreenWithEveryFigureVisible(int issues, String language, int width) throws Exception {
        List<Report> history = new ArrayList<>();
        // twenty weeks with two issues missing (30, 31), so the chart shows a gap
        IntStream.rangeClosed(20, 41).filter(issue -> issue != 30 && issue != 31)
                .forEach(issue -> history.add(Reports.issue(issue, 100 + issue * 13 % 200).build()));
        List<Report> include = history.subList(history.size() - issues, history.size());
        Messages messages = Messages.of(language);
        DigestContent digest = new DigestComposer(messages, Optional.of(java.net.URI.create(
                "https://relay.example.org/unsubscribe?token=abc"))).compose(include, history);

        Path page = Files.createTempFile("digest", ".html");
        Files.writeString(page, digest.html().replace("cid:" + DigestMail.CHART_CONTENT_ID,
                "data:image/png;base64," + Base64.getEncoder().encodeToString(digest.chartPng())));
        browser.open(page, width, width < 800);
        browser.screenshot(SHOTS.resolve("digest-" + issues + "-" + language + "-" + width + ".png"));

        List<String> figures = new ArrayList<>();
        for (Report report : include) {
            figures.add(messages.get("issue.label", report.year(), report.issue()));
            for (ReportCount count : ReportCount.values()) {
                figures.add(String.valueOf(count.of(report)));
            }
        }
        JsonNode seen = browser.evaluate(LAYOUT.replace("FIGURES", new ObjectMapper().writeValueAsString(figures)));

        assertThat(seen.path("scrollWidth").asInt()).as("page width at %d px", width)
                .isLessThanOrEqualTo(seen.path("viewport").asInt());
        assertThat(seen.path("viewport").asInt()).isEqualTo(width);
        assertThat(seen.path("missing")).as("figures not fully on screen").isEmpty();
        assertThat(seen.path("chartWidth").asInt()).isBetween(width / 2, width);
        Files.delete(page);
    }

    /** Measures the page: its width, the chart's, and which figures are not wholly inside the viewport. */
    private static final String LAYOUT = """
            (() => {
              const viewport = document.documentElement.clientWidth;
              const figures = FIGURES;
              const cells = [...document.querySelectorAll('td, a, b, span')];
              const missing = figures.filter(figure => !cells.some(cell => {
                if (cell.textContent.trim() !== figure) return false;
                const box = cell.getBoundingClientRect();
                const style = getComputedStyle(cell);
                return box.width > 0 && box.left >= 0 && box.right <= viewport
                    && style.visibility !== 'hidden' && style.display !== 'none';
              }));
              const chart = document.querySelector('img').getBoundingClientRect();
              return {viewport, scrollWidth: document.documentElement.scrollWidth, missing,
                      chartWidth: Math.round(chart.width)};
            })()""";
}
