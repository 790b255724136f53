package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.cncertrelay.i18n.Messages;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {

    private final ReportValidator validator = new ReportValidator(Messages.english());

    private static Report report(LocalDate start, LocalDate end, LocalDate published, Integer total,
            Integer crossBorder, Integer phishing) {
        return new Report(2024, 39, start, end, published, Rating.GOOD, total, crossBorder, phishing, 7, 7,
                Variant.TITLE, null, "国家互联网应急中心CNCERT", List.of(), List.of());
    }

    private static Report report(Integer total, Integer crossBorder, Integer phishing) {
        return report(LocalDate.of(2024, 9, 23), LocalDate.of(2024, 9, 29), LocalDate.of(2024, 10, 9), total,
                crossBorder, phishing);
    }

    @Test
    void aPlausibleIssueHasNoWarnings() {
        assertThat(validator.check(report(742, 618, 677))).isEmpty();
    }

    @Test
    void weekOfOtherThanSevenDays() {
        assertThat(validator.check(report(LocalDate.of(2024, 4, 22), LocalDate.of(2024, 4, 27),
                LocalDate.of(2024, 5, 4), 381, 149, 332)))
                .containsExactly("week spans 6 days (2024-04-22..2024-04-27), expected 7");
    }

    @Test
    void crossBorderAboveTotal() {
        assertThat(validator.check(report(100, 101, 50)))
                .containsExactly("cross-border incidents (101) exceed the incident total (100)");
    }

    @Test
    void phishingAboveTotal() {
        assertThat(validator.check(report(100, 50, 677)))
                .containsExactly("phishing complaints (677) exceed the incident total (100)");
    }

    @Test
    void countsEqualToTheTotalAreFine() {
        assertThat(validator.check(report(100, 100, 100))).isEmpty();
    }

    @Test
    void publishedBeforeTheWeekEnds() {
        assertThat(validator.check(report(LocalDate.of(2024, 9, 23), LocalDate.of(2024, 9, 29),
                LocalDate.of(2024, 9, 27), 742, 618, 677)))
                .containsExactly("published 2024-09-27, not after the week ending 2024-09-29");
    }

    @Test
    void publishedOnTheLastDayOfTheWeek() {
        assertThat(validator.check(report(LocalDate.of(2024, 9, 23), LocalDate.of(2024, 9, 29),
                LocalDate.of(2024, 9, 29), 742, 618, 677))).hasSize(1);
    }

    @Test
    void unknownsAreReported() {
        Report unknown = new Report(2018, 14, null, null, null, null, null, null, null, null, null,
                "网络安全信息与动态周报2018年第14期", null, null, List.of(), List.of());
        assertThat(validator.check(unknown)).containsExactly("week not found in the title", "publish date unknown",
                "posture rating (整体评价) not found", "incident total (共处理网络安全事件) not found");
    }

    @Test
    void theParserAttachesTheWarnings() throws Exception {
        Report report = Variant.issue39().incidents(Variant.INCIDENTS.replace("跨境网络安全事件618起", "跨境网络安全事件800起"))
                .published("2024-09-28", BulletinVariantsTest.epoch("2024-09-28")).report();
        assertThat(report.warnings()).containsExactlyInAnyOrder(
                "published 2024-09-28, not after the week ending 2024-09-29",
                "cross-border incidents (800) exceed the incident total (742)");
    }
}
