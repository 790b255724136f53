package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Issue.I17;
import static org.cncertrelay.testing.Issue.I29;
import static org.cncertrelay.testing.Issue.I39;
import static org.cncertrelay.testing.Issue.I45;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cncertrelay.testing.Fixtures;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a page can fail to be an issue, in one poll among good pages: none becomes a row, each gives one WARN
 * line naming its URL, the good pages after it are still read. Permanent failures are never fetched again;
 * temporary ones only once their backoff has passed.
 */
class BadPagesTest {

    private static final Pattern NEXT_TRY = Pattern.compile("next try after (\\S+?)\\)");
    private static final Duration BACKOFF = Duration.ofSeconds(6);

    @TempDir
    Path data;

    /** One bad page: its mid, what the WARN line must say, and whether it is retried. */
    record Bad(String name, String mid, String says, boolean temporary) {
    }

    @Test
    void badPagesNeverBecomeRowsNorStopThePollAndAreRetriedOnlyWhenTemporaryAndDue() throws Exception {
        try (PageServer server = new PageServer()) {
            String base = server.base();
            for (var issue : List.of(I29, I45, I17)) {
                server.page(issue.mid(), issue.htmlLinkingTo(base));
            }
            server.page(I39.mid(), I39.htmlLinkingTo(base));
            String big = Issue.padded(I39.htmlLinkingTo(base), 60_000);
            String waf = Fixtures.page("page-waf");

            List<Bad> bad = List.of(
                    new Bad("slow", "9100000001", "timed out", true),
                    new Bad("404", "9100000002", "client error; not fetched again", false),
                    new Bad("500", "9100000003", "server error; retrying later", true),
                    new Bad("captcha redirect", "9100000004", "verification page", true),
                    new Bad("verification page", "9100000005", "verification page", true),
                    new Bad("too large (Content-Length)", "9100000006", "larger than reports.max-page-bytes", false),
                    new Bad("too large (chunked)", "9100000007", "larger than reports.max-page-bytes", false),
                    new Bad("deleted", "9100000008", "deleted by its publisher", false),
                    new Bad("stub", "9100000009", "body withheld or empty", true),
                    new Bad("share card", "9100000010", "share card", false),
                    new Bad("other series", "9100000011", "not an issue of 网络安全信息与动态周报", false));
            Map<String, Bad> byName = new LinkedHashMap<>();
            bad.forEach(page -> byName.put(page.name(), page));

            server.route(byName.get("slow").mid(), PageServer.slow(Duration.ofSeconds(3),
                    PageServer.html(Issue.I9.htmlLinkingTo(base))));
            server.route(byName.get("404").mid(), PageServer.status(404));
            server.route(byName.get("500").mid(), PageServer.status(500));
            server.route(byName.get("captcha redirect").mid(), PageServer.redirect(base
                    + "/mp/wappoc_appmsgcaptcha?poc_token=HBgQAaM&target_url="
                    + URLEncoder.encode(Issue.articleUrl(base, "9100000004"), StandardCharsets.UTF_8)));
            server.route("/mp/wappoc_appmsgcaptcha", PageServer.html(waf.replace("环境异常", "请完成安全验证")
                    .replace("当前环境异常，完成验证后即可继续访问。", "拖动下方滑块完成拼图")));
            server.route(byName.get("verification page").mid(), PageServer.html(waf));
            server.route(byName.get("too large (Content-Length)").mid(), PageServer.html(big));
            server.route(byName.get("too large (chunked)").mid(), PageServer.chunked(big));
            server.page(byName.get("deleted").mid(), Fixtures.page("page-deleted"));
            server.page(byName.get("stub").mid(), Fixtures.page("page-stub"));
            server.page(byName.get("share card").mid(), Fixtures.page("page-share"));
            server.page(byName.get("other series").mid(), Issue.otherSeriesPage("9100000011"));
            // WeChat answers an old link with a redirect to the article
            String redirecting = "9100000012";
            server.route(redirecting, PageServer.redirect(I39.recallHref(base)));

            // the slow page first, bad pages between the good ones, a good one last
            List<String> urls = new ArrayList<>();
            urls.add(Issue.articleUrl(base, "9100000001"));
            urls.add(Issue.articleUrl(base, "9100000002"));
            urls.add(I29.url(base));
            for (int i = 3; i <= 8; i++) {
                urls.add(Issue.articleUrl(base, "910000000" + i));
            }
            urls.add(Issue.articleUrl(base, redirecting));
            urls.add(Issue.articleUrl(base, "9100000009"));
            urls.add(I45.url(base));
            urls.add(Issue.articleUrl(base, "9100000010"));
            urls.add(Issue.articleUrl(base, "9100000011"));
            urls.add(I17.url(base));

            Relay relay = new Relay(data).urls(urls.toArray(String[]::new))
                    .set("reports.read-timeout", "1s")
                    .set("reports.max-page-bytes", "40000")
                    .set("reports.retry.initial-delay", BACKOFF.toSeconds() + "s")
                    .set("reports.retry.max-delay", "1m");

            Relay.Run first = relay.once();

            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(Relay.keys(data)).as(first.output()).containsExactly("2024/29", "2024/39", "2024/45", "2024/17");
            assertThat(Relay.rows(data).get(1).get(12)).as("the redirect's article, canonical")
                    .isEqualTo(I39.canonicalUrl());
            List<Instant> retries = new ArrayList<>();
            for (Bad page : bad) {
                List<String> warnings = first.warningsAbout(Issue.articleUrl(base, page.mid()));
                assertThat(warnings).as("WARN lines for the %s page", page.name()).hasSize(1);
                assertThat(warnings.get(0)).as(page.name()).contains(page.says());
                Matcher next = NEXT_TRY.matcher(warnings.get(0));
                assertThat(next.find()).as("%s retried later: %s", page.name(), warnings.get(0))
                        .isEqualTo(page.temporary());
                if (page.temporary()) {
                    retries.add(Instant.parse(next.group(1)));
                }
                assertThat(server.hits(page.mid())).as("requests for the %s page", page.name()).isEqualTo(1);
            }
            assertThat(server.hits("/mp/wappoc_appmsgcaptcha")).isEqualTo(1);
            assertThat(server.hits(redirecting)).isEqualTo(1);
            assertThat(server.hits(I39.mid())).isEqualTo(1);
            assertThat(first.warningsAbout(Issue.articleUrl(base, redirecting))).isEmpty();
            assertThat(first.lines()).noneMatch(line -> line.startsWith("\tat "));

            // before the backoff has passed: nothing is requested at all
            Instant secondStarted = Instant.now();
            int requestsBefore = server.totalHits();
            Relay.Run second = relay.once();
            assertThat(second.exitCode()).isZero();
            assertThat(Instant.now()).as("precondition: the second run ended before any retry was due")
                    .isBefore(retries.stream().min(Instant::compareTo).orElseThrow());
            assertThat(secondStarted).isBefore(retries.get(0));
            assertThat(server.totalHits()).as("requests before the backoff passed: %s", server.requests())
                    .isEqualTo(requestsBefore);
            assertThat(Relay.keys(data)).hasSize(4);

            // after it: the temporary failures once more, the permanent ones and the issues never
            Instant due = retries.stream().max(Instant::compareTo).orElseThrow();
            long wait = Duration.between(Instant.now(), due).toMillis() + 200;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            Relay.Run third = relay.once();
            assertThat(third.exitCode()).isZero();
            for (Bad page : bad) {
                assertThat(server.hits(page.mid())).as("requests for the %s page", page.name())
                        .isEqualTo(page.temporary() ? 2 : 1);
                if (page.temporary()) {
                    assertThat(third.warningsAbout(Issue.articleUrl(base, page.mid()))).as(page.name()).singleElement()
                            .asString().contains("attempt 2");
                }
            }
            for (var issue : List.of(I29, I39, I45, I17)) {
                assertThat(server.hits(issue.mid())).as("requests for %s", issue.label()).isEqualTo(1);
            }
            assertThat(server.hits(redirecting)).isEqualTo(1);
            assertThat(Relay.keys(data)).containsExactly("2024/29", "2024/39", "2024/45", "2024/17");
        }
    }
}
