package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;

class DigestComposerTest {

    private final DigestComposer composer = new DigestComposer(Messages.chinese(), Optional.empty());
    private final DigestComposer english = new DigestComposer(Messages.english(), Optional.empty());

    @Test
    void showsEachCountWithItsChangeAgainstThePreviousIssue() {
        List<Report> history = Reports.weeks38And39();

        DigestContent digest = composer.compose(List.of(history.get(1)), history);

        assertThat(digest.subject()).isEqualTo("网络安全信息与动态周报摘要：2024年第39期");
        assertThat(digest.text()).contains("网络安全事件: 742 (较第38期 +319%)", "74 (较第38期 +335%)",
                "79 (较第38期 +1.3%)", "3 (较第38期 ±0%)", "整体评价：良",
                "https://www.cert.org.cn/publish/main/44/2024/39.html");
        assertThat(digest.html()).contains("<b style=\"font-size:16px;\">742</b>", "较第38期 +319%", "整体评价：良",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");

        DigestContent inEnglish = english.compose(List.of(history.get(1)), history);
        assertThat(inEnglish.subject()).isEqualTo("CNCERT Weekly Security Bulletin digest: No. 39/2024");
        assertThat(inEnglish.text()).contains("Incidents handled: 742 (+319% vs No. 38)", "Overall rating: good")
                .doesNotContainPattern("\\p{IsHan}");
        assertThat(inEnglish.html().replaceAll("title=\"[^\"]*\"", "")).doesNotContainPattern("\\p{IsHan}");
    }

    @Test
    void listsNewestFirstAndNamesTheRangeInTheSubject() {
        List<Report> history = List.of(Reports.issue(44, 300).build(), Reports.issue(45, 250).build(),
                Reports.issue(46, 280).build());

        DigestContent digest = composer.compose(history.subList(1, 3), history);

        assertThat(digest.issues()).containsExactly(new ReportKey(2024, 46), new ReportKey(2024, 45));
        assertThat(digest.subject()).endsWith("2024年第45期 – 第46期");
        assertThat(english.compose(history.subList(1, 3), history).subject()).endsWith("No. 45/2024 – No. 46");
        assertThat(digest.text().indexOf("2024年第46期")).isLessThan(digest.text().indexOf("2024年第45期"));
        assertThat(digest.text()).contains("250 (较第44期 -17%)");
    }

    @Test
    void aChangeAgainstAnIssueFurtherBackSaysHowManyAreMissing() {
        List<Report> history = List.of(Reports.issue(36, 300).build(), Reports.issue(39, 330).build());

        DigestContent digest = composer.compose(history.subList(1, 2), history);

        assertThat(digest.text()).contains("330 (较第36期（中间缺2期）+10%)");
        assertThat(english.compose(history.subList(1, 2), history).text())
                .contains("330 (+10% vs No. 36 (2 issues missing between))");
    }

    @Test
    void anUnknownCountIsADashNeverZero() {
        Report unknown = Reports.issue(40, null).build();

        DigestContent digest = composer.compose(List.of(unknown), List.of(Reports.issue(39, 742).build(), unknown));

        assertThat(digest.text()).contains("网络安全事件: —\n");
    }

    @Test
    void aFigureAWarningConcernsIsMarkedWhereItStands() {
        Report odd = Reports.issue(39, 100).counts(618, 40, 3, 10).build()
                .withWarnings(List.of("cross-border incidents (618) exceed the incident total (100)"));

        DigestContent digest = composer.compose(List.of(odd), List.of(odd));

        assertThat(digest.text()).contains("网络安全事件: ⚠ 100", "其中跨境事件: ⚠ 618", "网页仿冒投诉: 40");
        assertThat(digest.html()).contains(">⚠ 618</b>");
    }

    @Test
    void escapesTextInTheHtml() {
        Report hostile = Reports.issue(39, 742).build().withWarnings(List.of("total <script>alert(1)</script> & more"));

        DigestContent digest = composer.compose(List.of(hostile), List.of(hostile));

        assertThat(digest.html()).doesNotContain("<script>")
                .contains("total &lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        assertThat(digest.text()).contains("⚠ 请核对：total <script>alert(1)</script> & more");
        // the warning comes first, before the figures it concerns
        assertThat(digest.text().indexOf("⚠")).isLessThan(digest.text().indexOf("网络安全事件"));
        assertThat(digest.html().indexOf("⚠")).isLessThan(digest.html().indexOf("网络安全事件</td>"));
    }

    @Test
    void chartsTheLastTwelveIssuesAsAPng() throws IOException {
        List<Report> history = new ArrayList<>();
        IntStream.rangeClosed(20, 40)
                .forEach(issue -> history.add(Reports.issue(issue, issue == 33 ? null : issue * 10).build()));

        DigestContent digest = composer.compose(List.of(history.get(history.size() - 1)), history);

        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(digest.chartPng()));
        assertThat(chart.getWidth()).isEqualTo(TrendChart.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(TrendChart.HEIGHT);
        assertThat(digest.html()).contains("<img src=\"cid:" + DigestMail.CHART_CONTENT_ID + "\"",
                "width:100%;max-width:");
        // readers with images off read every figure of the chart
        assertThat(digest.html()).contains("alt=\"网络安全事件数柱状图：2024年第29期 290；",
                "2024年第33期 —；", "2024年第40期 400\"");
    }

    @Test
    void theChartPlacesIssuesByTheirWeekSoAMissingIssueLeavesAGap() {
        List<Report> issues = List.of(Reports.issue(10, 100).build(), Reports.issue(11, 100).build(),
                Reports.issue(14, 100).build(), Reports.issue(15, 100).build());

        assertThat(TrendChart.weekPositions(issues)).containsExactly(0, 1, 4, 5);
    }

    @Test
    void gridlinesFallOnRoundNumbers() {
        assertThat(TrendChart.niceStep(742)).isEqualTo(200);
        assertThat(TrendChart.niceStep(177)).isEqualTo(50);
        assertThat(TrendChart.niceStep(3)).isEqualTo(1);
    }
}
