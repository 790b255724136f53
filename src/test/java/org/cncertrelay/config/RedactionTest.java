package org.cncertrelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://u:p@feeds.example/rss?token=t&page=2 | https://****@feeds.example/rss?token=****&page=2",
        "https://reader@feeds.example/rss             | https://****@feeds.example/rss",
        "https://h/x?access_token=a&api_key=b&sig=c   | https://h/x?access_token=****&api_key=****&sig=****",
        "https://h/x?page=1&Password=p#top            | https://h/x?page=1&Password=****#top",
        // a WeChat article's own identity is not a secret; its session ticket is
        "https://mp.weixin.qq.com/s?__biz=MzI=&mid=1&idx=1&sn=ab12&pass_ticket=x | "
                + "https://mp.weixin.qq.com/s?__biz=MzI=&mid=1&idx=1&sn=ab12&pass_ticket=****",
        "https://a/x?token=1, https://u:p@b/y         | https://a/x?token=****, https://****@b/y",
        "0 0/30 * * * ?                               | 0 0/30 * * * ?",
        "relay@example.org                            | relay@example.org",
    })
    void urlsAreShownWithoutTheirCredentials(String text, String shown) {
        assertThat(Redaction.withoutCredentials(text)).isEqualTo(shown);
    }
}
