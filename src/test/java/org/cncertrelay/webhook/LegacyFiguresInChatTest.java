package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.LegacyFigure;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportValidator;
import org.junit.jupiter.api.Test;

/** A legacy issue's figures reach the chat message, and those a validation warning concerns are marked ⚠. */
class LegacyFiguresInChatTest {

    private static Report legacy(int defacedGov) {
        Map<LegacyFigure, Integer> figures = new EnumMap<>(LegacyFigure.class);
        figures.put(LegacyFigure.INFECTED_HOSTS, 613000);
        figures.put(LegacyFigure.DEFACED_SITES, 2048);
        figures.put(LegacyFigure.DEFACED_GOV_SITES, defacedGov);
        Report report = new Report(2019, 12, LocalDate.of(2019, 3, 18), LocalDate.of(2019, 3, 24),
                LocalDate.of(2021, 5, 6), null, 318, 127, 204, null, null, "网络安全信息与动态周报2019年第12期(3月18日—3月24日)",
                null, null, List.of(), List.of(), figures, "中");
        return report.withWarnings(new ReportValidator(Messages.english()).check(report));
    }

    @Test
    void statedFiguresAreShownAndASuspectOneIsMarked() {
        ReportSummary wrong = new ReportSummary(legacy(3500), null, Messages.chinese());
        assertThat(wrong.legacyFacts()).extracting(ReportSummary.Fact::label, ReportSummary.Fact::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("感染网络病毒的主机", "613000"),
                        org.assertj.core.groups.Tuple.tuple("被篡改网站", "⚠ 2048"),
                        org.assertj.core.groups.Tuple.tuple("其中政府网站", "⚠ 3500"),
                        org.assertj.core.groups.Tuple.tuple("漏洞威胁整体评价", "中"));
        assertThat(wrong.facts()).containsAll(wrong.legacyFacts());

        ReportSummary right = new ReportSummary(legacy(35), null, Messages.english());
        assertThat(right.legacyFacts()).extracting(ReportSummary.Fact::value).containsExactly("613000", "2048", "35",
                "中");
        assertThat(right.legacyFacts()).noneMatch(ReportSummary.Fact::suspect);
    }

    @Test
    void todaysIssuesShowNoLegacyFigures() {
        Report today = new Report(2024, 39, null, null, null, null, 742, 618, 677, 7, 7, "t", null, null, List.of(),
                List.of());
        assertThat(new ReportSummary(today, null, Messages.chinese()).legacyFacts()).isEmpty();
    }
}
