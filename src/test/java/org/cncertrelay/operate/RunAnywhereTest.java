package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay started outside the project root, in a JVM of its own with the built classpath: the routes and the
 * default settings come from the build's resources (as from the jar), relative paths from the working directory; a
 * file or folder the user named that is missing is one line and exit 2.
 */
class RunAnywhereTest {

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
            Process once = ChildRelay.startIn(work, Map.of(), log, "--once", "--config", settings.toString());
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
        Process print = ChildRelay.startIn(work, Map.of(), log, "--print-config");
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(print.exitValue()).as(output).isZero();
        assertThat(output).contains("reports.archive-dir = samples/archive", "relay.data-dir = data",
                "reports.feeds = https://wechat2rss.xlab.app/feed/");
        assertThat(work.resolve("data")).isDirectory();
    }

    @Test
    void aMissingSettingsFileNamedWithConfigIsOneLineAndExit2() {
        Path missing = dir.resolve("no-such.properties");

        Relay.Run run = new Relay(dir.resolve("data")).runCapturing("--once", "--config", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().lines().toList()).singleElement().asString()
                .isEqualTo("cncert-relay: configuration error: --config: " + missing.toAbsolutePath()
                        + " does not exist or is not a file");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aMissingRoutesFolderIsOneLineAndExit2() {
        Path missing = dir.resolve("my-routes");

        Relay.Run run = new Relay(dir.resolve("data")).set("relay.routes-dir", missing.toString()).once();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().lines().toList()).singleElement().asString()
                .isEqualTo("cncert-relay: configuration error: relay.routes-dir: folder " + missing
                        + " does not exist");
    }
}
