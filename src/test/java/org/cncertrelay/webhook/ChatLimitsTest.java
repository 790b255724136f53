package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text from outside (a 3,500-character title, long warnings) never breaks a message: every chat target's message
 * stays within the limits its service documents, keeps its link and all its figures, and says it shortened.
 * Limits: Slack (a section's text 3,000 characters, a field 2,000), Feishu (request body 20 KB), WeCom (markdown
 * content 4,096 bytes), DingTalk (markdown text 20,000 bytes), Discord (embed title 256, description 4,096, field
 * value 1,024, content 2,000, an embed 6,000 characters in all), Teams (card payload 28 KB).
 */
class ChatLimitsTest {

    private static final String URL = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499368&idx=1";

    @ParameterizedTest
    @EnumSource(value = TargetType.class, names = {"GENERIC", "SINK"}, mode = EnumSource.Mode.EXCLUDE)
    void aHugeTitleAndLongWarningsStayWithinTheServiceLimits(TargetType type) {
        for (Messages messages : List.of(Messages.chinese(), Messages.english())) {
            Report report = Reports.issue(39, 742).counts(618, 677, 7, 9).url(URL)
                    .title("网络安全信息与动态周报" + "长".repeat(3_500))
                    .warnings(Collections.nCopies(12, "周期与标题不一致，".repeat(60))).build();
            WebhookTarget target = new WebhookTarget("t", type, URI.create("https://hooks.example/t"), null, null, 60,
                    messages);
            WebhookRequest request = WebhookFormat.forTarget(target).render(new Delivery("2024-39.t", "t", report,
                    Reports.issue(38, 177).build(), Instant.now()), Instant.now());
            JsonNode body = Json.parseOrNull(request.bodyText());
            String all = request.bodyText();

            for (String figure : List.of("742", "618", "677", "7", "9")) {
                assertThat(all).as("%s keeps the figure %s", type, figure).contains(figure);
            }
            assertThat(all).as("%s keeps the link", type).contains(URL);
            assertThat(all).as("%s says it shortened", type).contains(messages.get("chat.shortened"));
            withinLimits(type, body, request.bodyText().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static void withinLimits(TargetType type, JsonNode body, int bytes) {
        switch (type) {
            case SLACK -> {
                for (JsonNode block : body.path("blocks")) {
                    assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3_000);
                    block.path("fields").forEach(field ->
                            assertThat(field.path("text").asText().length()).isLessThanOrEqualTo(2_000));
                }
                assertThat(body.path("text").asText().length()).isLessThanOrEqualTo(40_000);
            }
            case FEISHU -> assertThat(bytes).isLessThanOrEqualTo(20 * 1024);
            case WECOM -> assertThat(body.path("markdown").path("content").asText().getBytes(StandardCharsets.UTF_8))
                    .hasSizeLessThanOrEqualTo(WeComFormat.MAX_CONTENT_BYTES);
            case DINGTALK -> assertThat(body.path("markdown").path("text").asText().getBytes(StandardCharsets.UTF_8))
                    .hasSizeLessThanOrEqualTo(20_000);
            case DISCORD -> {
                JsonNode embed = body.path("embeds").get(0);
                assertThat(body.path("content").asText().length()).isLessThanOrEqualTo(2_000);
                assertThat(embed.path("title").asText().length()).isLessThanOrEqualTo(256);
                assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(4_096);
                List<Integer> sizes = new ArrayList<>(List.of(embed.path("title").asText().length(),
                        embed.path("description").asText().length()));
                for (JsonNode field : embed.path("fields")) {
                    assertThat(field.path("name").asText().length()).isLessThanOrEqualTo(256);
                    assertThat(field.path("value").asText().length()).isLessThanOrEqualTo(1_024);
                    sizes.add(field.path("name").asText().length() + field.path("value").asText().length());
                }
                assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(6_000);
            }
            case TEAMS -> assertThat(bytes).isLessThanOrEqualTo(28 * 1024);
            default -> throw new IllegalArgumentException(type.name());
        }
    }
}
