package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped configuration without a network: the five sample issues are imported from samples/archive, the live
 * sources are reported as unreachable in plain WARN lines, and the run still succeeds.
 */
class DefaultConfigOfflineTest {

    @TempDir
    Path data;

    @Test
    void shippedConfigurationOfflineImportsTheFiveSamplesAndSaysTheLiveSourcesAreUnreachable() {
        assumeTrue(unresolvable("mp.weixin.qq.com") && unresolvable("wechat2rss.xlab.app"),
                "this test is about a machine without a network; here the live hosts resolve");

        Relay.Run run = Relay.withConfig(Relay.REAL_CONFIG, data).once();

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<List<String>> rows = Relay.rows(data);
        assertThat(rows).as(run.output()).hasSize(5);
        for (Issue issue : Issue.REAL) {
            String warnings = issue == Issue.I17 ? OncePollTest.I17_WARNING : "";
            assertThat(rows).contains(OncePollTest.expectedRow(issue, issue.chartImages(), warnings));
        }
        assertThat(run.lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat ")
                || line.startsWith("Caused by:") || line.contains("Exception:"));
        assertThat(run.warningsAbout("https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499468"))
                .as(run.output()).singleElement().asString().contains("could not connect");
        assertThat(run.warningsAbout("https://wechat2rss.xlab.app/feed/")).as(run.output())
                .singleElement().asString().contains("could not connect");
        assertThat(run.lines()).noneMatch(line -> line.contains(" ERROR "));
    }

    private static boolean unresolvable(String host) {
        try {
            InetAddress.getByName(host);
            return false;
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
