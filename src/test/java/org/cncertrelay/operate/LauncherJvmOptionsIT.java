package org.cncertrelay.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM options the launcher chooses. It asks for {@code -XX:TrimNativeHeapInterval} only of a JVM that has it
 * (17.0.9+, 21.0.1+, 22+): an option the JVM does not know stops it before the relay starts. Each case is a
 * JAVA_HOME whose release file names a version and whose {@code bin/java} runs this test's own JVM. It starts a
 * {@code --once} or {@code --backfill} from the class-data archive a {@code --once} made, the daemon from the
 * daemon's. Runs after the package phase (the launcher needs the jar, and the build makes the archives).
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

        String flags = flagsOf(Map.of("JAVA_HOME", home.toString()), "--help");
        assertThat(flags).as("the flags the JVM ran with").contains("-XX:SurvivorRatio=4");
        assertThat(flags.contains("-XX:TrimNativeHeapInterval=2000")).as(flags).isEqualTo(trims);
    }

    @ParameterizedTest
    @CsvSource({"'--help', cncert-relay.jsa", "'--once --help', cncert-relay-once.jsa",
            "'--config x --backfill --help', cncert-relay-once.jsa"})
    void aOneShotRunStartsFromTheArchiveAOneShotRunMade(String arguments, String archive) throws Exception {
        assertThat(Path.of("target/cncert-relay.jsa")).as("the build makes both archives").exists();
        assertThat(Path.of("target/cncert-relay-once.jsa")).as("the build makes both archives").exists();

        assertThat(flagsOf(Map.of(), arguments.split(" ")))
                .contains("-XX:SharedArchiveFile=" + Path.of("target", archive).toAbsolutePath());
        assertThat(flagsOf(Map.of("CNCERT_RELAY_CDS", "off"), arguments.split(" ")))
                .doesNotContain("-XX:SharedArchiveFile");
    }

    /** What the launcher run with {@code arguments} printed, with the flags its JVM ran with. */
    private String flagsOf(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/cncert-relay"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(dir, "launcher", ".log");
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        launcher.environment().putAll(environment);
        launcher.environment().put("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process run = launcher.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(output).isZero();
        return output;
    }
}
