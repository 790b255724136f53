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
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;

class DigestComposerTest {

    private final DigestComposer composer = new DigestComposer(Optional.empty());

    @Test
    void showsEachCountWithItsChangeAgainstThePreviousIssue() {
        List<Report> history = Reports.weeks38And39();

        DigestContent digest = composer.compose(List.of(history.get(1)), history);

        assertThat(digest.subject()).isEqualTo("网络安全信息与动态周报 digest: 2024年第39期");
        assertThat(digest.text()).contains("742 (+319%)", "74 (+335%)", "79 (+1%)", "3 (±0%)",
                "https://www.cert.org.cn/publish/main/44/2024/39.html");
        assertThat(digest.html()).contains("742 (+319%)", "<td align=\"center\">良</td>");
    }

    @Test
    void listsNewestFirstAndNamesTheRangeInTheSubject() {
        List<Report> history = List.of(Reports.issue(44, 300).build(), Reports.issue(45, 250).build(),
                Reports.issue(46, 280).build());

        DigestContent digest = composer.compose(history.subList(1, 3), history);

        assertThat(digest.issues()).containsExactly(new ReportKey(2024, 46), new ReportKey(2024, 45));
        assertThat(digest.subject()).endsWith("2024年第45期 – 第46期");
        assertThat(digest.text().indexOf("2024年第46期")).isLessThan(digest.text().indexOf("2024年第45期"));
        assertThat(digest.text()).contains("250 (-17%)");
    }

    @Test
    void anUnknownCountIsADashNeverZero() {
        Report unknown = Reports.issue(40, null).build();

        DigestContent digest = composer.compose(List.of(unknown), List.of(Reports.issue(39, 742).build(), unknown));

        assertThat(digest.text()).containsPattern("Incidents\\s+—\n");
        assertThat(DigestComposer.withChange(5, null)).isEqualTo("5");
        assertThat(DigestComposer.withChange(5, 0)).isEqualTo("5 (+5)");
        assertThat(DigestComposer.withChange(null, 7)).isEqualTo("—");
    }

    @Test
    void escapesTextInTheHtml() {
        Report hostile = Reports.issue(39, 742).build().withWarnings(List.of("total <script>alert(1)</script> & more"));

        DigestContent digest = composer.compose(List.of(hostile), List.of(hostile));

        assertThat(digest.html()).doesNotContain("<script>")
                .contains("total &lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        assertThat(digest.text()).contains("Warning: total <script>alert(1)</script> & more");
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
        assertThat(digest.html()).contains("<img src=\"cid:" + DigestMail.CHART_CONTENT_ID + "\"");
    }

    @Test
    void gridlinesFallOnRoundNumbers() {
        assertThat(TrendChart.niceStep(742)).isEqualTo(200);
        assertThat(TrendChart.niceStep(177)).isEqualTo(50);
        assertThat(TrendChart.niceStep(3)).isEqualTo(1);
    }
}
