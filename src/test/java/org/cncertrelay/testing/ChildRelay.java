package org.cncertrelay.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cncertrelay.RelayApplication;

/**
 * The relay in a JVM of its own, as {@code java -jar} would run it: for what only a separate process shows
 * (SIGKILL, SIGTERM, several instances, the management port). The environment's relay settings are removed, so
 * only the test's {@code -D} settings apply; output goes to {@code log}.
 */
public final class ChildRelay {

    private ChildRelay() {
    }

    public static Process start(Map<String, String> settings, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1"); // quicker start-up for short-lived test daemons
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(RelayApplication.class.getName());
        command.addAll(List.of(args));
        command.add("--config");
        command.add(Relay.NO_CONFIG.toString());
        return launch(Path.of(System.getProperty("user.dir")), log, command);
    }

    /** The built jar as a user runs it, {@code java -jar .../cncert-relay.jar args}, in {@code workingDir}. */
    public static Process startJar(Path workingDir, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar",
                Path.of("target", "cncert-relay.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return launch(workingDir, log, command);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process launch(Path workingDir, Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REPORTS_") || name.startsWith("RELAY_")
                || name.startsWith("CSV_") || name.startsWith("WEBHOOK_") || name.startsWith("DIGEST_")
                || name.startsWith("MAIL_"));
        return builder.start();
    }
}
