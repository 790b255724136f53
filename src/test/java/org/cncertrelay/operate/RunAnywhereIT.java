package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar started outside the project root, as {@code java -jar /path/to/cncert-relay.jar}: the routes and the
 * default settings come from the jar, relative paths from the working directory. Runs after the package phase.
 */
class RunAnywhereIT {

    @TempDir
    Path dir;

    @Test
    void startedInAnEmptyDirectoryWithOnlyConfigItPollsWithTheBuiltInRoutes() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        try (PageServer pages = new PageServer()) {
            Path settings = dir.resolve("relay.properties");
            // relative paths as in the shipped file: the data dir is made in the working directory, and the
            // sample archive, absent here, is simply not imported
            Files.writeString(settings, String.join("\n",
                    "reports.urls = " + pages.serve(Issue.I39),
                    "reports.feeds =",
                    "reports.archive-dir = samples/archive",
                    "reports.allowed-hosts = 127.0.0.1",
                    "reports.request-delay = 0s",
                    "relay.data-dir = data",
                    ""));
            Path log = dir.resolve("once.log");
            Process once = ChildRelay.startJar(work, log, "--once", "--config", settings.toString());
            assertThat(once.waitFor(90, TimeUnit.SECONDS)).isTrue();

            String output = Files.readString(log);
            assertThat(once.exitValue()).as(output).isZero();
            assertThat(Relay.keys(work.resolve("data"))).containsExactly("2024/39");
            assertThat(output).contains("Settings from " + settings, "routes from classpath:routes/*.camel.yaml")
                    .doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void withoutConfigOutsideTheProjectTheBuiltInSettingsApply() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path log = dir.resolve("print.log");
        Process print = ChildRelay.startJar(work, log, "--print-config");
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(print.exitValue()).as(output).isZero();
        assertThat(output).contains("reports.archive-dir = samples/archive", "relay.data-dir = data",
                "reports.feeds = https://wechat2rss.xlab.app/feed/");
        assertThat(work.resolve("data")).isDirectory();
    }
}
