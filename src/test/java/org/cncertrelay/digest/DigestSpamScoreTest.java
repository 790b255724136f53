package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The digest as a spam filter sees it: SpamAssassin's local tests ({@code spamassassin -L -t}, no network rules)
 * score a one-issue and a six-issue digest, in each language, at most 1.0 (5.0 is spam by default).
 */
class DigestSpamScoreTest {

    private static final Path SPAMASSASSIN = Path.of("/usr/bin/spamassassin");
    private static final Pattern SCORE = Pattern.compile("Content analysis details:\\s+\\((-?[0-9.]+) points");

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0} issue(s), {1}")
    @CsvSource({"1, zh-CN", "6, zh-CN", "6, en"})
    void scoresAtMostOne(int issues, String language) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SPAMASSASSIN),
                "SpamAssassin is not installed (apt-get install spamassassin); .ci/run installs it");
        List<Report> history = new ArrayList<>();
        IntStream.rangeClosed(30, 41).forEach(issue -> history.add(Reports.issue(issue, 150 + issue).build()));
        DigestService service = new DigestService(DigestSettings.parse(Map.of(
                "digest.to", "analyst@example.org", "digest.from", "relay@example.org",
                "digest.unsubscribe-url", "https://relay.example.org/unsubscribe", "relay.language", language)),
                dataDir);
        service.sendDigest(history.subList(history.size() - issues, history.size()), history);
        Path eml;
        try (Stream<Path> files = Files.walk(dataDir.resolve("outbox"))) {
            eml = files.filter(file -> file.toString().endsWith(".eml")).findFirst().orElseThrow();
        }

        Process check = new ProcessBuilder(SPAMASSASSIN.toString(), "-L", "-t").redirectInput(eml.toFile())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Matcher score = SCORE.matcher(report);
        assertThat(score.find()).as(report).isTrue();
        String rules = report.substring(report.indexOf("Content analysis details:"));
        System.out.printf("SpamAssassin -L -t, %d issue(s), %s: %s points%n", issues, language, score.group(1));
        assertThat(Double.parseDouble(score.group(1))).as(rules).isLessThanOrEqualTo(1.0);
    }
}
