package org.cncertrelay.fanout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cncertrelay.RelayApplication;

/**
 * The relay as its command line runs it, in-process: {@link RelayApplication#run} with settings given as
 * overrides (like {@code -Dkey=value}), an empty environment and, unless a test names one, a settings file that
 * does not exist, so only the settings a test gives apply. Defaults keep runs fast: no politeness pause, no archive,
 * no feed, quick webhook retries.
 */
final class Relay {

    private final Path dataDir;
    private final Path configFile;
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** What a run printed, for the tests that check messages. */
    record Run(int exitCode, String out, String err) {
    }

    Relay(Path dir) {
        this.dataDir = dir.resolve("data");
        this.configFile = dir.resolve("no-such-settings.properties");
        set("relay.data-dir", dataDir.toString());
        set("relay.shutdown-timeout", "10s");
        set("reports.urls", "");
        set("reports.feeds", "");
        set("reports.archive-dir", "");
        set("reports.allowed-hosts", "127.0.0.1");
        set("reports.request-delay", "0s");
        set("reports.connect-timeout", "2s");
        set("reports.read-timeout", "5s");
        set("webhook.retry.initial-delay", "100ms");
        set("webhook.retry.max-delay", "200ms");
        set("webhook.retry.max-attempts", "3");
        set("webhook.timeout", "2s");
    }

    Relay set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Adds a chat target; rate limits are raised so tests never wait for them. */
    Relay target(String name, String type, String url) {
        String targets = settings.getOrDefault("webhook.targets", "");
        set("webhook.targets", targets.isEmpty() ? name : targets + "," + name);
        set("webhook." + name + ".type", type);
        set("webhook." + name + ".url", url);
        set("webhook." + name + ".rate-per-minute", "6000");
        return this;
    }

    int run(String... args) {
        return RelayApplication.run(withConfig(args), Map.copyOf(settings), Map.of());
    }

    /** Runs and keeps what the relay printed to stdout and stderr. */
    Run runCapturing(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            code = run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    private String[] withConfig(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--config")) {
            all.add("--config");
            all.add(configFile.toString());
        }
        return all.toArray(String[]::new);
    }

    Path dataDir() {
        return dataDir;
    }

    /** The data rows of reports.csv (header left out), in file order. */
    List<String> csvRows() throws IOException {
        Path csv = dataDir.resolve("reports.csv");
        if (!Files.exists(csv)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    /** The issues in reports.csv as {@code year/issue}, e.g. {@code 2024/39}. */
    List<String> csvIssues() throws IOException {
        return csvRows().stream().map(row -> {
            String[] cells = row.split(",", 3);
            return cells[0] + "/" + cells[1];
        }).toList();
    }

    /** Files in a folder under the data dir, by name; empty when the folder does not exist. */
    List<String> files(String folder) throws IOException {
        Path dir = dataDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
