package org.cncertrelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cncertrelay.RelayApplication;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A setting that cannot be used stops the relay before it starts: exit 2, one line naming the key. */
class InvalidConfigTest {

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "reports.poll-cron    | */5 * * * *",
        "reports.poll-cron    | every 30 minutes",
        "reports.urls         | https://mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499468&idx=1&sn=61 fc",
        "reports.urls         | mp.weixin.qq.com/s?__biz=MzIwNDk0MDgxMw==&mid=2247499468&idx=1",
        "reports.urls         | https://mp.weixin.qq.com/s?mid=1,ftp://mp.weixin.qq.com/s",
        "reports.feeds        | not a feed",
        "reports.follow-depth | -1",
        "reports.follow-depth | five",
        "reports.read-timeout | 30 seconds",
        // values that parsed but failed later: pages stored as malformed, ArithmeticException, stack traces
        "reports.read-timeout | 0s",
        "reports.read-timeout | 99999999999999d",
        "reports.read-timeout | 9999999999999999999d",
        "reports.connect-timeout | 0s",
        "reports.request-delay | 2h",
        "reports.retry.initial-delay | 100000000d",
        "reports.retry.max-delay | 0s",
        "reports.parallelism | 0",
        "reports.parallelism | 501",
        "reports.max-page-bytes | 10",
        "reports.max-page-bytes | 99999999999",
        "reports.follow-depth | 51",
        "reports.keep-raw | forever",
        "reports.keep-raw | 1h",
        "reports.raw-max-bytes | 1000",
        "reports.raw-max-bytes | lots",
        "relay.management.port | 70000",
        "relay.management.port | -1",
        "relay.management.enabled | yes",
        "relay.shutdown-timeout | 0s",
        "relay.shutdown-timeout | 5000000000000d",
        "relay.health.max-silence | 0s",
        "relay.cluster.checkin-interval | 0s",
        "mail.port | 70000",
        "mail.starttls | yes",
        "webhook.timeout | 0s",
        "webhook.timeout | 1000d",
        "webhook.retry.initial-delay | 0s",
        "webhook.retry.max-delay | 30d",
        "webhook.retry.max-attempts | 0",
        "webhook.retry.max-attempts | 1000",
    })
    void badSettingExitsWithTwoAndOneLineNamingIt(String key, String value) {
        Relay.Run run = new Relay(data).set(key, value).once();
        assertBadConfig(run, key);
        assertThat(data.resolve("reports.csv")).doesNotExist();
    }

    @ParameterizedTest(name = "relay.data-dir under {0}")
    @CsvSource({"a regular file", "a read-only folder"})
    void unwritableDataDir(String what) throws Exception {
        Path dir;
        if (what.equals("a regular file")) {
            Path file = Files.writeString(data.resolve("not-a-folder"), "x");
            dir = file.resolve("data");
        } else {
            // root writes anywhere whatever the mode, so a read-only folder can only be shown to non-root users;
            // /proc is read-only for everyone
            dir = Path.of("/proc/cncert-relay-data");
        }
        Relay.Run run = new Relay(data).set("relay.data-dir", dir.toString()).once();
        assertBadConfig(run, "relay.data-dir");
        assertThat(run.output()).contains(dir.toAbsolutePath().toString());
    }

    private static void assertBadConfig(Relay.Run run, String key) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(RelayApplication.EXIT_BAD_CONFIG);
        List<String> lines = run.lines().stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(run.output()).singleElement().asString()
                .startsWith("cncert-relay: configuration error: " + key + ": ");
    }
}
