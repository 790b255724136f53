package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user, password or token in a feed's or page's URL appears neither in --print-config nor in the log. */
class CredentialsInUrlsTest {

    private static final String EMPTY_FEED = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
            + "</channel></rss>";

    @TempDir
    Path data;

    @Test
    void printConfigMasksThem() throws Exception {
        Relay.Run run = new Relay(data)
                .set("reports.feeds", "https://reader:feedPassword1@feeds.example/rss?token=feedToken1&page=2")
                .set("reports.urls", "https://pages.example/s?mid=1&access_token=pageToken1")
                .runCapturing("--print-config");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("reports.feeds = https://****@feeds.example/rss?token=****&page=2")
                .contains("reports.urls = https://pages.example/s?mid=1&access_token=****")
                .doesNotContain("feedPassword1").doesNotContain("feedToken1").doesNotContain("pageToken1");
    }

    @Test
    void logLinesMaskThem() throws Exception {
        try (PageServer pages = new PageServer()) {
            pages.serveFeed("/feed.xml", EMPTY_FEED);
            String feed = pages.base().replace("://", "://reader:feedPassword1@") + "/feed.xml?token=feedToken1";
            String gone = pages.base() + "/gone?access_token=pageToken1";

            Relay.Run run = new Relay(data).set("reports.feeds", feed).set("reports.urls", gone).once();

            assertThat(run.exitCode()).isZero();
            assertThat(run.linesContaining("Feed http://****@127.0.0.1:")).singleElement().asString()
                    .contains("/feed.xml?token=****");
            assertThat(run.warningsAbout("/gone?access_token=****")).hasSize(1);
            assertThat(run.output()).doesNotContain("feedPassword1").doesNotContain("feedToken1")
                    .doesNotContain("pageToken1");
        }
    }
}
