package org.cncertrelay.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.WechatPageReader;
import org.cncertrelay.report.BulletinParser;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;

/**
 * Only the article's own link reaches chat: identifiers a page declares are checked for their shape before they
 * become the canonical URL, and every URL placed in a message's markup is encoded for it.
 */
class HostileLinksTest {

    private static final String PHISH = "x)**[登录领奖](http://127.0.0.1:1/phish)**(";
    /** Markdown link targets, and Slack's {@code <url|text>}. */
    private static final Pattern MARKDOWN_TARGET = Pattern.compile("\\]\\(([^)\\s]*)\\)");
    private static final Pattern SLACK_LINK = Pattern.compile("<([^<>|]*)\\|");
    private static final EnumSet<TargetType> CHATS = EnumSet.complementOf(EnumSet.of(TargetType.GENERIC,
            TargetType.SINK));

    @Test
    void aPagesOwnSnCannotPutALinkIntoAnyChatMessage() throws Exception {
        String page = Issue.I39.html().replace("var sn = \"" + Issue.I39.sn() + "\"", "var sn = \"" + PHISH + "\"");
        assertThat(page).contains(PHISH);
        URI fetchedFrom = URI.create(Issue.I39.canonicalUrl());
        Report report = new BulletinParser(Messages.english()).parse(new WechatPageReader().readPage(
                page.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, fetchedFrom));

        assertThat(report.url()).isEqualTo("https://mp.weixin.qq.com/s?__biz=" + Issue.BIZ + "&mid="
                + Issue.I39.mid() + "&idx=1");
        for (TargetType type : CHATS) {
            String message = text(render(type, report));
            assertThat(message).as(type.name()).doesNotContain("phish", "登录领奖");
            assertThat(links(render(type, report))).as(type.name()).isNotEmpty().allMatch(report.url()::equals);
        }
    }

    @Test
    void everyUrlInMarkupIsEncodedForIt() {
        // a URL as it may come from a page fetched elsewhere, or a snapshot's front matter
        String hostile = "https://www.cert.org.cn/a?b=" + PHISH + "|<b>*x*\"y\" 漏洞";
        Report report = Reports.issue(39, 742).url(hostile).build();
        String encoded = WebhookFormat.linkUrl(hostile);
        assertThat(encoded).isEqualTo("https://www.cert.org.cn/a?b=x%29%2A%2A%5B%E7%99%BB%E5%BD%95%E9%A2%86%E5%A5%96"
                + "%5D%28http://127.0.0.1:1/phish%29%2A%2A%28%7C%3Cb%3E%2Ax%2A%22y%22%20%E6%BC%8F%E6%B4%9E");

        for (TargetType type : CHATS) {
            String message = text(render(type, report));
            assertThat(message).as(type.name()).doesNotContain("](http://127.0.0.1", "(http://127.0.0.1:1/phish)",
                    "登录领奖");
            assertThat(links(render(type, report))).as(type.name()).isNotEmpty().allMatch(encoded::equals);
        }
    }

    @Test
    void onlyHttpUrlsAreLinked() {
        Report report = Reports.issue(39, 742).url("javascript:alert(document.cookie)").build();
        for (TargetType type : CHATS) {
            String message = text(render(type, report));
            assertThat(message).as(type.name()).doesNotContain("javascript", "阅读全文](");
        }
        assertThat(WebhookFormat.linkUrl(Issue.I39.canonicalUrl())).isEqualTo(Issue.I39.canonicalUrl());
        assertThat(WebhookFormat.linkUrl(null)).isNull();
    }

    private static WebhookRequest render(TargetType type, Report report) {
        WebhookTarget target = new WebhookTarget("t", type, URI.create("https://hooks.example/t"), null, null, 60);
        return WebhookFormat.forTarget(target).render(new Delivery("2024-39.t", "t", report, null, Instant.now()),
                Instant.now());
    }

    /** Every string in the message's JSON, one per line. */
    private static String text(WebhookRequest request) {
        List<String> values = new ArrayList<>();
        collect(Json.parseOrNull(request.bodyText()), values);
        return String.join("\n", values);
    }

    private static void collect(JsonNode node, List<String> values) {
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(child -> collect(child, values));
    }

    /** The link targets in the message: markdown links, Slack links, and the JSON fields named url. */
    private static List<String> links(WebhookRequest request) {
        List<String> links = new ArrayList<>();
        for (Pattern pattern : new Pattern[] {MARKDOWN_TARGET, SLACK_LINK}) {
            Matcher matcher = pattern.matcher(text(request));
            while (matcher.find()) {
                links.add(matcher.group(1));
            }
        }
        Json.parseOrNull(request.bodyText()).findValues("url").forEach(url -> links.add(url.asText()));
        return links;
    }
}
