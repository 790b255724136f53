package org.cncertrelay.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cncertrelay.RelayApplication;

/**
 * Runs the relay in this JVM exactly as the command line would ({@link RelayApplication#run}), with the settings a
 * test gives as overrides (like {@code -Dkey=value}), an empty environment and, unless the test names one, an empty
 * settings file, so only the code's defaults and the test's settings apply. Defaults keep runs quick,
 * local and deterministic: no politeness pause, no archive, no feed, no recall links followed, short timeouts,
 * quick webhook retries. What a run prints (slf4j-simple logs to System.err) can be captured.
 */
public final class Relay {

    public static final String HEADER = "year,issue,period_start,period_end,published,rating,incidents_total,"
            + "incidents_cross_border,phishing_complaints,malicious_app_platforms,malicious_urls,title,url,"
            + "chart_images,warnings,infected_hosts,botnet_hosts,conficker_hosts,new_malware_names,"
            + "new_malware_families,malware_domains,malware_ips,malware_direct_ips,defaced_sites,defaced_gov_sites,"
            + "backdoored_sites,backdoored_gov_sites,phishing_pages,phishing_domains,phishing_ips,cnvd_vulnerabilities,"
            + "cnvd_high_risk,cnvd_medium_risk,cnvd_low_risk,vulnerability_threat_level";
    /** The columns of the legacy figures: empty in every row of today's issues. */
    public static final int LEGACY_COLUMNS = 20;

    /** An empty settings file: only the code's defaults and the test's overrides apply. */
    public static final Path NO_CONFIG = Path.of("src", "test", "resources", "no-settings.properties");
    public static final Path REAL_CONFIG = Path.of("config", "application.properties");

    /** System.out and System.err are the JVM's: one captured run at a time. */
    private static final Object STREAMS = new Object();

    /** What one run returned and printed: {@code out} and {@code err} apart, and {@code output} as interleaved. */
    public record Run(int exitCode, String out, String err, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }

        /** The WARN lines that mention {@code text}. */
        public List<String> warningsAbout(String text) {
            return lines().stream().filter(line -> line.contains(" WARN ") && line.contains(text)).toList();
        }

        public List<String> linesContaining(String text) {
            return lines().stream().filter(line -> line.contains(text)).toList();
        }
    }

    private final Path dataDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path configFile = NO_CONFIG;

    public Relay(Path dataDir) {
        this.dataDir = dataDir;
        settings.put("relay.data-dir", dataDir.toString());
        settings.put("reports.urls", "");
        settings.put("reports.feeds", "");
        settings.put("reports.archive-dir", "");
        settings.put("reports.allowed-hosts", "127.0.0.1");
        settings.put("reports.follow-depth", "0");
        // one page at a time, so rows come in a known order; ParallelPollTest reads several at once
        settings.put("reports.parallelism", "1");
        settings.put("reports.request-delay", "0s");
        settings.put("reports.connect-timeout", "2s");
        settings.put("reports.read-timeout", "5s");
        settings.put("relay.shutdown-timeout", "10s");
        settings.put("webhook.retry.initial-delay", "100ms");
        settings.put("webhook.retry.max-delay", "200ms");
        settings.put("webhook.retry.max-attempts", "3");
        settings.put("webhook.timeout", "2s");
    }

    /** Only {@code relay.data-dir} and what the test sets: every other value from {@code config}. */
    public static Relay withConfig(Path config, Path dataDir) {
        Relay relay = new Relay(dataDir);
        relay.settings.keySet().retainAll(List.of("relay.data-dir"));
        relay.configFile = config;
        return relay;
    }

    public Relay set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public Relay urls(String... urls) {
        return set("reports.urls", String.join(",", urls));
    }

    public Relay feeds(String... feeds) {
        return set("reports.feeds", String.join(",", feeds));
    }

    /** Adds a chat target; rate limits are raised so tests never wait for them. */
    public Relay target(String name, String type, String url) {
        String targets = settings.getOrDefault("webhook.targets", "");
        set("webhook.targets", targets.isEmpty() ? name : targets + "," + name);
        set("webhook." + name + ".type", type);
        set("webhook." + name + ".url", url);
        set("webhook." + name + ".rate-per-minute", "6000");
        return this;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Runs with these arguments and returns the exit code; the output goes to the build log only. */
    public int run(String... args) {
        return runCapturing(args).exitCode();
    }

    public Run once() {
        return runCapturing("--once");
    }

    /**
     * Runs with these arguments and {@code --config FILE} (unless they name one); System.out and System.err are
     * captured (and still shown).
     */
    public Run runCapturing(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--config")) {
            all.add("--config");
            all.add(configFile.toString());
        }
        synchronized (STREAMS) {
            PrintStream originalOut = System.out;
            PrintStream originalErr = System.err;
            ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            OutputStream interleaved = new Tee(both, originalErr);
            PrintStream out = new PrintStream(new Tee(outBytes, interleaved), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new Tee(errBytes, interleaved), true, StandardCharsets.UTF_8);
            System.setOut(out);
            System.setErr(err);
            int exit;
            try {
                // an empty environment: REPORTS_URLS or the like in the shell running the build must not leak in
                exit = RelayApplication.run(all.toArray(String[]::new), Map.copyOf(settings), Map.of());
            } finally {
                out.flush();
                err.flush();
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
            return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8),
                    both.toString(StandardCharsets.UTF_8));
        }
    }

    // ---- the data folder ---------------------------------------------------------------------------------

    /** "year/issue" of every row of reports.csv, in file order. */
    public List<String> keys() {
        return keys(dataDir);
    }

    public List<List<String>> rows() {
        return rows(dataDir);
    }

    public String csvText() {
        return csvText(dataDir);
    }

    /** Files in a folder under the data dir, by name; empty when the folder does not exist. */
    public List<String> files(String folder) throws IOException {
        Path dir = dataDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    // ---- reading the CSV -----------------------------------------------------------------------------------

    public static String csvText(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("reports.csv"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of reports.csv after its header (which must be exactly {@link #HEADER}), each as its cells. */
    public static List<List<String>> rows(Path dataDir) {
        if (!Files.exists(dataDir.resolve("reports.csv"))) {
            return List.of();
        }
        return parse(csvText(dataDir));
    }

    public static List<List<String>> parse(String text) {
        if (!text.startsWith(HEADER + "\n")) {
            throw new AssertionError("reports.csv does not start with the header line:\n" + text);
        }
        try (Reader reader = new StringReader(text);
                CSVParser parser = CSVFormat.DEFAULT.builder().get().parse(reader)) {
            List<CSVRecord> records = parser.getRecords();
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : records.subList(1, records.size())) {
                rows.add(record.toList());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "year/issue" of every row, in file order. */
    public static List<String> keys(Path dataDir) {
        return rows(dataDir).stream().map(row -> row.get(0) + "/" + row.get(1)).toList();
    }

    /** Writes to both streams: the test reads the capture, the build log still shows the output. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
