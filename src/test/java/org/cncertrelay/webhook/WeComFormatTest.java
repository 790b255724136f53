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

    private final WeComFormat format = new WeComFormat(new WebhookTarget("wx", TargetType.WECOM,
            URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"), null, null, 20));

    @Test
    void longContentIsCutAtWholeLinesWithinFourKilobytes() {
        List<String> warnings = Collections.nCopies(8, "周期与标题不一致，".repeat(30)); // 8 × ~810 bytes
        String content = render(report(39, 742, warnings));

        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(WeComFormat.MAX_CONTENT_BYTES);
        assertThat(content).startsWith("### [网络安全信息与动态周报2024年第39期]")
                .contains("网络安全事件：<font color=\"info\">742</font>")
                .endsWith("\n" + WeComFormat.TRUNCATED_NOTE);
        List<String> lines = List.of(content.split("\n"));
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertThat(line).matches(".*(\\)|</font>|\\*\\*)"); // every kept line is complete markup
        }
    }

    @Test
    void shortContentIsLeftAlone() {
        assertThat(render(report(39, 742))).doesNotContain(WeComFormat.TRUNCATED_NOTE);
    }

    @Test
    void aSingleOversizedLineIsCutOnACharacterBoundary() {
        String fitted = WeComFormat.fitToLimit(List.of("网".repeat(2000), "next"));

        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WeComFormat.MAX_CONTENT_BYTES);
        assertThat(fitted).startsWith("网网网").endsWith("网\n" + WeComFormat.TRUNCATED_NOTE);
    }

    private String render(Report report) {
        WebhookRequest request = format.render(new Delivery("2024-39.wx", "wx", report, null, Instant.now()),
                Instant.now());
        return Json.parseOrNull(request.bodyText()).path("markdown").path("content").asText();
    }
}
