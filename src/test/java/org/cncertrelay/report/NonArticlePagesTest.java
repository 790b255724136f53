package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.page.SnapshotReader;
import org.cncertrelay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pages that are not issues of the bulletin never become records; each is rejected with its reason. */
class NonArticlePagesTest {

    /** The reason a page is rejected by the page reader or the parser; anything else fails the test. */
    static PageProblem rejection(String html, URI finalUri) {
        try {
            Report report = new BulletinParser(Messages.english()).parse(Fixtures.readPage(html, finalUri));
            return fail("became a record: " + report);
        } catch (PageRejected rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
            return rejected.problem();
        }
    }

    static PageProblem rejection(String html) {
        return rejection(html, Variant.FINAL_URI);
    }

    @Test
    void verificationPage() {
        assertThat(rejection(Fixtures.page("page-waf"))).isEqualTo(PageProblem.VERIFICATION);
    }

    @Test
    void redirectToTheCaptchaPathIsVerificationWhateverTheBody() {
        URI captcha = URI.create("https://mp.weixin.qq.com/mp/wappoc_appmsgcaptcha?poc_token=abc&target_url="
                + "https%3A%2F%2Fmp.weixin.qq.com%2Fs%3F__biz%3DMzIwNDk0MDgxMw%3D%3D");
        assertThat(rejection(Fixtures.page("000_2c3649adac17a20f"), captcha)).isEqualTo(PageProblem.VERIFICATION);
        assertThat(rejection("", captcha)).isEqualTo(PageProblem.VERIFICATION);
    }

    @Test
    void deletedArticle() {
        assertThat(rejection(Fixtures.page("page-deleted"))).isEqualTo(PageProblem.DELETED);
    }

    @Test
    void emptyBody() {
        assertThat(rejection(Fixtures.page("page-stub"))).isEqualTo(PageProblem.EMPTY_BODY);
    }

    @Test
    void pageWithoutJsContent() {
        String html = Fixtures.page("page-stub").replace("id=\"js_content\"", "id=\"other\"");
        assertThat(rejection(html)).isEqualTo(PageProblem.EMPTY_BODY);
    }

    @Test
    void shareCard() {
        assertThat(rejection(Fixtures.page("page-share"))).isEqualTo(PageProblem.SHARE_CARD);
    }

    @Test
    void shareCardShowingTheSummary() {
        // the card may show the original's summary, which holds the rating but no counts
        String html = Fixtures.page("page-share").replace("<p>原创</p>", "<p>本周，互联网网络安全态势整体评价为良。</p>");
        assertThat(rejection(html)).isEqualTo(PageProblem.SHARE_CARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CNVD漏洞周报2024年第39期", "勒索软件动态周报（2024年第39期）",
            "每周移动恶意程序样本分析（9月23日-9月29日）", "上周关注度较高的产品安全漏洞(20240923-20240929)"})
    void otherSeriesOfTheSameAccount(String title) {
        String html = Fixtures.page("000_2c3649adac17a20f").replace(Variant.TITLE, title);
        assertThat(rejection(html)).isEqualTo(PageProblem.NOT_THIS_BULLETIN);
    }

    @Test
    void rateLimitPage() {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head><body>"
                + "<div class=\"weui-msg\"><h2 class=\"weui-msg__title\">访问过于频繁，请用微信扫描二维码进行访问</h2>"
                + "</div></body></html>";
        assertThat(rejection(html)).isEqualTo(PageProblem.RATE_LIMITED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u0000\u0001\u0002\u00ff binary", "{\"base_resp\":{\"ret\":200013}}",
            "<html><body>hello</body></html>", "<?xml version=\"1.0\"?><rss><channel></channel></rss>",
            "<div id=\"js_content\"><p>网络安全信息与动态周报</p>", "<<<>>>&&&;;;", "%PDF-1.4\n%âãÏÓ\n1 0 obj"})
    void garbageIsRejectedNeverThrown(String input) {
        assertThat(rejection(input)).isNotNull();
        assertThat(rejection(input, null)).isNotNull();
    }

    @Test
    void nullIsRejectedNeverThrown() {
        assertThat(rejection(null)).isEqualTo(PageProblem.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain text", "---\n", "---\ntitle: x\n", "---\ntitle: 网络安全信息与动态周报\n---\n",
            "---\n---\n", "\uFEFF---\r\ntitle: a\r\n---\r\nbody"})
    void garbageSnapshotsAreRejectedNeverThrown(String input) {
        try {
            new BulletinParser(Messages.english()).parse(new SnapshotReader().read(input));
            fail("became a record");
        } catch (PageRejected rejected) {
            assertThat(rejected.problem()).isNotNull();
        }
    }
}
