package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.webhook.Fixtures.report;

import java.util.List;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportChange;
import org.cncertrelay.report.ReportCount;
import org.junit.jupiter.api.Test;

class ReportChangeTest {

    @Test
    void describesTheChangeAgainstThePreviousIssue() {
        ReportChange change = new ReportChange(report(39, 742), report(38, 177));

        assertThat(change.describe(ReportCount.INCIDENTS_TOTAL)).isEqualTo("742 (+319% vs 第38期)");
        assertThat(change.delta(ReportCount.INCIDENTS_TOTAL)).isEqualTo(565);
        assertThat(change.percent(ReportCount.INCIDENTS_TOTAL)).isEqualTo(319.2);
        assertThat(change.describe(ReportCount.INCIDENTS_CROSS_BORDER)).isEqualTo("12 (±0% vs 第38期)");
    }

    @Test
    void theBriefWordingStatesTheSameChangeInWholePercent() {
        ReportChange change = new ReportChange(report(39, 742), report(38, 177));

        assertThat(change.brief(ReportCount.INCIDENTS_TOTAL)).isEqualTo("742 (+319%)");
        assertThat(change.brief(ReportCount.INCIDENTS_CROSS_BORDER)).isEqualTo("12 (±0%)");
        assertThat(new ReportChange(report(39, null), report(38, 177)).brief(ReportCount.INCIDENTS_TOTAL))
                .isEqualTo("—");
    }

    @Test
    void anUnknownCountIsNeverZero() {
        ReportChange change = new ReportChange(report(39, null), report(38, 177));

        assertThat(change.describe(ReportCount.INCIDENTS_TOTAL)).isEqualTo("—");
        assertThat(change.delta(ReportCount.INCIDENTS_TOTAL)).isNull();
        assertThat(new ReportChange(report(39, 742), report(38, null)).describe(ReportCount.INCIDENTS_TOTAL))
                .isEqualTo("742");
    }

    @Test
    void withoutAPreviousIssueOnlyTheValueIsShown() {
        ReportChange change = new ReportChange(report(39, 742), null);

        assertThat(change.known()).isFalse();
        assertThat(change.describe(ReportCount.INCIDENTS_TOTAL)).isEqualTo("742");
    }

    @Test
    void smallChangesKeepADecimalAndZeroBaselinesShowTheDelta() {
        assertThat(new ReportChange(report(39, 1004), report(38, 1000)).describe(ReportCount.INCIDENTS_TOTAL))
                .isEqualTo("1004 (+0.4% vs 第38期)");
        assertThat(new ReportChange(report(39, 5), report(38, 0)).describe(ReportCount.INCIDENTS_TOTAL))
                .isEqualTo("5 (+5 vs 第38期)");
    }

    @Test
    void aPreviousIssueFromLastYearIsNamedWithItsYear() {
        Report first = report(1, 100);
        Report lastOfPreviousYear = new Report(2023, 52, null, null, null, null, 200, null, null, null, null,
                "网络安全信息与动态周报2023年第52期", null, null, List.of(), List.of());

        assertThat(new ReportChange(first, lastOfPreviousYear).describe(ReportCount.INCIDENTS_TOTAL))
                .isEqualTo("100 (-50% vs 2023年第52期)");
    }
}
