package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No silent loss: one character deleted or doubled anywhere in the words around each figure of real issues (the
 * five pages and their snapshots) and of the legacy issues built from the bulletin's wording leaves every figure
 * read as before, or a warning names it. Never an empty cell nobody is told about, never another number.
 */
class FigureMutationTest {

    /** How many characters either side of a figure's number are mutated: longer than any figure's words. */
    private static final int REACH = 16;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?万?");

    record Sample(String name, Article article) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Sample> samples() throws PageRejected {
        List<Sample> samples = new ArrayList<>();
        for (String name : List.of("000_2c3649adac17a20f", "001_60897e86e8836892", "002_b528b34d9054bae3",
                "003_3908a2fb016e7af9", "004_95f26e5095d0912a")) {
            samples.add(new Sample("snapshot " + name, Fixtures.readSnapshot(Fixtures.seed(name))));
            samples.add(new Sample("page " + name, Fixtures.readPage(Fixtures.page(name),
                    URI.create("https://mp.weixin.qq.com/s?__biz=" + Fixtures.BIZ + "&mid=1&idx=1&sn=x"))));
        }
        samples.add(new Sample("legacy, old wording", LegacyIssuesTest.article("网络安全信息与动态周报(2014.03.10至2014.03.16)",
                LocalDate.of(2014, 3, 18), LegacyIssuesTest.OLD_POSTURE, LegacyIssuesTest.VIRUS,
                LegacyIssuesTest.WEBSITES, LegacyIssuesTest.VULNERABILITIES, LegacyIssuesTest.OLD_INCIDENTS)));
        samples.add(new Sample("legacy, new wording", LegacyIssuesTest.article(
                "网络安全信息与动态周报2019年第12期(3月18日—3月24日)", LocalDate.of(2021, 5, 6), LegacyIssuesTest.POSTURE,
                LegacyIssuesTest.VIRUS, LegacyIssuesTest.WEBSITES, LegacyIssuesTest.VULNERABILITIES,
                LegacyIssuesTest.NEW_INCIDENTS)));
        return samples.stream();
    }

    /** Every figure of the record by its column name. */
    static Map<String, Integer> figures(Report report) {
        Map<String, Integer> figures = new LinkedHashMap<>();
        for (ReportCount count : ReportCount.values()) {
            figures.put(count.jsonName(), count.of(report));
        }
        for (LegacyFigure figure : LegacyFigure.values()) {
            figures.put(figure.column(), report.figure(figure));
        }
        return figures;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void oneCharacterMissingOrDoubledNearAFigureIsReadOrWarned(Sample sample) throws Exception {
        BulletinParser parser = new BulletinParser(Messages.english());
        Report original = parser.parse(sample.article());
        Map<String, Integer> expected = figures(original);
        String text = sample.article().text();
        List<String> values = expected.values().stream().filter(v -> v != null).map(String::valueOf).toList();
        List<String> failures = new ArrayList<>();
        int mutations = 0;
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            if (!values.contains(String.valueOf(FigureReader.value(number.group())))) {
                continue; // not a figure's number
            }
            for (int at = Math.max(0, number.start() - REACH); at < Math.min(text.length(), number.end() + REACH);
                    at++) {
                char c = text.charAt(at);
                if (Character.isDigit(c) || Character.isWhitespace(c)) {
                    continue; // a changed number is another number; a space is not a character of the words
                }
                for (String mutated : List.of(text.substring(0, at) + text.substring(at + 1),
                        text.substring(0, at + 1) + text.substring(at))) {
                    mutations++;
                    String around = mutated.substring(Math.max(0, at - 10), Math.min(mutated.length(), at + 10));
                    Article article = new Article(sample.article().title(), sample.article().account(),
                            sample.article().address(), sample.article().published(), mutated,
                            sample.article().images(), sample.article().recallLinks());
                    Report report = parser.parse(article);
                    figures(report).forEach((name, value) -> {
                        Integer was = expected.get(name);
                        boolean warned = report.warnings().stream().anyMatch(w -> w.contains(name))
                                || (name.equals("incidents_total") && report.warnings().stream()
                                        .anyMatch(w -> w.contains("incident total")));
                        if (!java.util.Objects.equals(was, value) && !warned) {
                            failures.add(name + " " + was + " -> " + value + " at «" + around + "»");
                        }
                    });
                }
            }
        }
        assertThat(mutations).isGreaterThan(40);
        assertThat(failures).isEmpty();
    }
}
