package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.webhook.Fixtures.report;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.cncertrelay.report.Report;
import org.junit.jupiter.api.Test;

class WeComFormatTest {

    private static final String TRUNCATED = "（内容过长，已截断，详见原文）";

    private final WeComFormat format = new WeComFormat(new WebhookTarget("wx", TargetType.WECOM,
            URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"), null, null, 20));

    @Test
    void longWarningsGoFirstWhenSomethingMustGoAndEveryFigureStays() {
        List<String> warnings = Collections.nCopies(8, "周期与标题不一致，".repeat(30)); // long, and many
        String content = render(report(39, 742, warnings), report(38, 800));

        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(WeComFormat.MAX_CONTENT_BYTES);
        assertThat(content).startsWith("### [网络安全信息与动态周报2024年第39期](https://www.cert.org.cn/publish/main/39.html)")
                .contains("网络安全事件：<font color=\"comment\">742（较第38期 -7.3%）</font>", "1024")
                .doesNotContain("color=\"info\""); // a record with warnings shows no good news
        assertThat(content.indexOf("⚠ 请核对")).isLessThan(content.indexOf("网络安全事件"));
    }

    @Test
    void coloursFollowTheDirectionOfChange() {
        String content = render(report(39, 742), report(38, 177));

        assertThat(content).contains("网络安全事件：<font color=\"warning\">742（较第38期 +319%）</font>")
                .doesNotContain(TRUNCATED);
        assertThat(render(report(39, 100), report(38, 177))).contains("<font color=\"info\">100（较第38期 -44%）");
    }

    @Test
    void anOversizedTitleLineIsCutOnACharacterBoundaryAndTheFiguresStay() {
        String fitted = WeComFormat.fitToLimit(List.of("网".repeat(2000)), List.of(), List.of("> 网络安全事件：742"),
                TRUNCATED);

        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WeComFormat.MAX_CONTENT_BYTES);
        assertThat(fitted).startsWith("网网网").endsWith("网\n> 网络安全事件：742\n" + TRUNCATED);
    }

    private String render(Report report, Report previous) {
        WebhookRequest request = format.render(new Delivery("2024-39.wx", "wx", report, previous, Instant.now()),
                Instant.now());
        return Json.parseOrNull(request.bodyText()).path("markdown").path("content").asText();
    }
}
