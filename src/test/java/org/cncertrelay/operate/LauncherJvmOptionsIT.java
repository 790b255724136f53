package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher asks for {@code -XX:TrimNativeHeapInterval} only of a JVM that has it (17.0.9+, 21.0.1+, 22+): an
 * option the JVM does not know stops it before the relay starts. Each case is a JAVA_HOME whose release file names
 * a version and whose {@code bin/java} runs this test's own JVM. Runs after the package phase (the launcher needs
 * the jar).
 */
class LauncherJvmOptionsIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"17.0.8, false", "17.0.9, true", "17.0.15, true", "20.0.2, false", "21, false", "21.0.3, true",
            "25, true"})
    void trimsTheNativeHeapOnlyWhereTheJvmHasTheOption(String version, boolean trims) throws Exception {
        Path home = dir.resolve("jdk-" + version);
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        String thisJava = ProcessHandle.current().info().command().orElseThrow();
        Files.writeString(java, "#!/bin/sh\nexec '" + thisJava + "' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");

        ProcessBuilder launcher = new ProcessBuilder("bin/cncert-relay", "--help").redirectErrorStream(true)
                .redirectOutput(dir.resolve(version + ".log").toFile());
        launcher.environment().put("JAVA_HOME", home.toString());
        launcher.environment().put("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process run = launcher.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(dir.resolve(version + ".log"), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).as("the flags the JVM ran with").contains("-XX:SurvivorRatio=4");
        assertThat(output.contains("-XX:TrimNativeHeapInterval=2000")).as(output).isEqualTo(trims);
    }
}
