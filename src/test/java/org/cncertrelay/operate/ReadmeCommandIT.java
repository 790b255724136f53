package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's first command, run as it is written (its run part, with {@code --once} and a data dir of its own so the
 * project's data/ is not touched): the launcher, from the project root, on the shipped settings and sample archive,
 * with the class-data-sharing archive the build made. Runs after the package phase.
 */
class ReadmeCommandIT {

    @TempDir
    Path dir;

    @Test
    void theReadmeRunCommandImportsTheSamplesAndExits() throws Exception {
        String firstLine = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("mvn ")).findFirst().orElseThrow();
        String run = firstLine.substring(firstLine.indexOf("&&") + 2, firstLine.indexOf('#')).trim();
        assertThat(run).isEqualTo("bin/cncert-relay");
        assertThat(Path.of("target/cncert-relay.jsa")).as("the archive the build makes for the launcher").exists();

        List<String> command = new ArrayList<>(List.of(run.split(" ")));
        // no live source: the test needs no network and must not wait for one
        command.addAll(List.of("-Drelay.data-dir=" + dir.resolve("data"), "-Dreports.urls=", "-Dreports.feeds=",
                "-Drelay.management.enabled=false", "--once"));
        Path log = dir.resolve("once.log");
        Process once = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(once.waitFor(90, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(once.exitValue()).as(output).isZero();
        assertThat(Files.readAllLines(dir.resolve("data/reports.csv"))).as(output).hasSize(6); // header + 5 samples
        assertThat(output).doesNotContain("\tat ", "Exception");
    }
}
