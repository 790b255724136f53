package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A settings file or routes folder the user named that is missing is one line and exit 2, never a stack trace. */
class RunAnywhereTest {

    @TempDir
    Path dir;

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
    void aRoutesFolderOfAnEarlierReleaseWithoutTheCsvSinkIsOneLineAndExit2() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("old-routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".camel.yaml")).toList()) {
                String text = Files.readString(file);
                if (file.getFileName().toString().startsWith("5-")) {
                    text = text.substring(0, text.indexOf("- route:\n    id: sink-csv"));
                }
                Files.writeString(routes.resolve(file.getFileName()), text);
            }
        }

        Relay.Run run = new Relay(dir.resolve("data")).set("relay.routes-dir", routes.toString()).once();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().lines().filter(line -> line.startsWith("cncert-relay:")).toList()).singleElement()
                .asString().startsWith("cncert-relay: configuration error: relay.routes-dir: the built-in CSV sink's"
                        + " route \"sink-csv\" is not loaded");
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
