package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArticleAddressTest {

    static final String CANONICAL = "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1"
            + "&sn=12a8824b928def9f98a9c827f6a6e337";
    static final String KEY = "wechat:MzIwNDk0MDgxMw==:2247499244:1";

    @ParameterizedTest
    @ValueSource(strings = {
        CANONICAL,
        "http://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1&sn=12a8824b928def9f98a9c827f6a6e337"
                + "&chksm=973ace8ea04d4798679728cfc44108cf02117b124871b1c1034c8eda9d6bd156d58e532d430a&scene=21"
                + "#wechat_redirect",
        "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&amp;mid=2247499244&amp;idx=1&amp;"
                + "sn=12a8824b928def9f98a9c827f6a6e337&amp;scene=21#wechat_redirect",
        "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw%3D%3D&mid=2247499244&idx=1&sn=12a8824b928def9f98a9c827f6a6e337"
                + "&scene=58&subscene=0#rd",
        "https://mp.weixin.qq.com/s?mid=2247499244&__biz=MzIwNDk0MDgxMw==&sn=12a8824b928def9f98a9c827f6a6e337&idx=1",
        "  HTTPS://MP.WEIXIN.QQ.COM/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1&sn=12a8824b928def9f98a9c827f6a6e337 ",
        "http://mp.weixin.qq.com/mp/appmsg/show?__biz=MzIwNDk0MDgxMw==&appmsgid=2247499244&itemidx=1"
                + "&sign=12a8824b928def9f98a9c827f6a6e337#wechat_redirect"})
    void everyFormOfOneArticleLinkHasOneKeyAndTheCanonicalUrl(String link) {
        ArticleAddress address = ArticleAddress.parse(link).orElseThrow();
        assertThat(address.key()).isEqualTo(KEY);
        assertThat(address.canonicalUrl()).isEqualTo(CANONICAL);
        assertThat(address.toString()).isEqualTo(CANONICAL);
        assertThat(address).isEqualTo(ArticleAddress.parse(CANONICAL).orElseThrow());
        assertThat(address.host()).isEqualTo("mp.weixin.qq.com");
        assertThat(address.fetchUri().toString()).doesNotContain("#", "&amp;");
    }

    @Test
    void withoutSnTheKeyIsTheSame() {
        ArticleAddress address = ArticleAddress.parse(
                "https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1&chksm=973ace8e").orElseThrow();
        assertThat(address.key()).isEqualTo(KEY);
        assertThat(address.canonicalUrl())
                .isEqualTo("https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1");
    }

    @Test
    void anotherArticleOfTheSamePushIsAnotherArticle() {
        assertThat(ArticleAddress.parse(CANONICAL.replace("idx=1", "idx=2")).orElseThrow())
                .isNotEqualTo(ArticleAddress.parse(CANONICAL).orElseThrow());
    }

    @Test
    void fromThePagesScript() {
        ArticleAddress address = ArticleAddress.wechat("MzIwNDk0MDgxMw==", "2247499244", "1",
                "12a8824b928def9f98a9c827f6a6e337", URI.create("https://mp.weixin.qq.com/s/abcdef")).orElseThrow();
        assertThat(address.key()).isEqualTo(KEY);
        assertThat(address.canonicalUrl()).isEqualTo(CANONICAL);
        assertThat(address.fetchUri()).isEqualTo(URI.create("https://mp.weixin.qq.com/s/abcdef"));
    }

    @Test
    void shortLinksAndOtherSitesAreKeyedByTheirNormalisedUrl() {
        ArticleAddress a = ArticleAddress.parse("http://mp.weixin.qq.com/s/AbCdEf?scene=21#wechat_redirect").orElseThrow();
        ArticleAddress b = ArticleAddress.parse("https://mp.weixin.qq.com/s/AbCdEf").orElseThrow();
        assertThat(a).isEqualTo(b);
        assertThat(a.canonicalUrl()).isEqualTo("http://mp.weixin.qq.com/s/AbCdEf");
        assertThat(b.canonicalUrl()).isEqualTo("https://mp.weixin.qq.com/s/AbCdEf");
        assertThat(ArticleAddress.parse("https://www.cert.org.cn/publish/main/44/index.html?b=2&a=1&from=x")
                .orElseThrow().key()).isEqualTo("https://www.cert.org.cn/publish/main/44/index.html?a=1&b=2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "javascript:void(0);", "mailto:a@b.cn", "not a url", "ftp://x/y", "//x/y",
            "http://", "https://exa mple.com/%zz"})
    void notAnHttpLink(String link) {
        assertThat(ArticleAddress.parse(link)).isEmpty();
    }

    @Test
    void aMalformedSnIsLeftOutOfTheCanonicalUrl() {
        String hostile = "x)**[登录领奖](http://127.0.0.1:1/phish)**(";
        ArticleAddress declared = ArticleAddress.wechat("MzIwNDk0MDgxMw==", "2247499244", "1", hostile,
                URI.create("https://mp.weixin.qq.com/s/abcdef")).orElseThrow();
        assertThat(declared.key()).isEqualTo(KEY);
        assertThat(declared.canonicalUrl())
                .isEqualTo("https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499244&idx=1");
        ArticleAddress linked = ArticleAddress.parse(CANONICAL.replace("12a8824b928def9f98a9c827f6a6e337",
                "x)**(http://127.0.0.1:1/phish)**(")).orElseThrow();
        assertThat(linked.key()).isEqualTo(KEY);
        assertThat(linked.canonicalUrl()).doesNotContain("phish");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MzIw)(x", "", "a b"})
    void aMalformedIdentityIsNoWechatIdentity(String biz) {
        assertThat(ArticleAddress.wechat(biz, "2247499244", "1", null, null)).isEmpty();
        assertThat(ArticleAddress.wechat("MzIwNDk0MDgxMw==", "22474)99244", "1", null, null)).isEmpty();
        assertThat(ArticleAddress.wechat("MzIwNDk0MDgxMw==", "2247499244", "1*", null, null)).isEmpty();
        // a link with such parts is keyed by its normalised URL, like any other page
        ArticleAddress link = ArticleAddress.parse("https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=1)(x&idx=1")
                .orElseThrow();
        assertThat(link.key()).doesNotStartWith("wechat:");
    }

    @Test
    void nullIsNoLink() {
        assertThat(ArticleAddress.parse(null)).isEmpty();
    }
}
