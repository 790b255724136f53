package org.cncertrelay.e2e;

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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cncertrelay.RelayApplication;

/**
 * Runs the relay in this JVM exactly as the command line would ({@link RelayApplication#run}), with the settings a
 * test gives, and captures what it printed (slf4j-simple logs to System.err).
 */
final class Relay {

    static final String HEADER = "year,issue,period_start,period_end,published,rating,incidents_total,"
            + "incidents_cross_border,phishing_complaints,malicious_app_platforms,malicious_urls,title,url,"
            + "chart_images,warnings";

    /** A settings file that does not exist: only the code's defaults and the test's overrides apply. */
    static final Path NO_CONFIG = Path.of("target", "e2e-no-such-config.properties");
    static final Path REAL_CONFIG = Path.of("config", "application.properties");

    /** What one run returned and printed. */
    record Run(int exitCode, String output) {

        List<String> lines() {
            return output.lines().toList();
        }

        /** The WARN lines that mention {@code text}. */
        List<String> warningsAbout(String text) {
            return lines().stream().filter(line -> line.contains(" WARN ") && line.contains(text)).toList();
        }

        List<String> linesContaining(String text) {
            return lines().stream().filter(line -> line.contains(text)).toList();
        }
    }

    private final Map<String, String> settings = new LinkedHashMap<>();
    private Path configFile = NO_CONFIG;

    /** Settings for a quick, local, deterministic run: no politeness delay, no archive, short timeouts. */
    Relay(Path dataDir) {
        settings.put("relay.data-dir", dataDir.toString());
        settings.put("reports.urls", "");
        settings.put("reports.feeds", "");
        settings.put("reports.archive-dir", "");
        settings.put("reports.allowed-hosts", "127.0.0.1");
        settings.put("reports.follow-depth", "0");
        settings.put("reports.request-delay", "0s");
        settings.put("reports.connect-timeout", "2s");
        settings.put("reports.read-timeout", "2s");
        settings.put("relay.shutdown-timeout", "5s");
    }

    /** Only {@code relay.data-dir} and what the test sets: every other value from {@code config}. */
    static Relay withConfig(Path config, Path dataDir) {
        Relay relay = new Relay(dataDir);
        relay.settings.keySet().retainAll(List.of("relay.data-dir"));
        relay.configFile = config;
        return relay;
    }

    Relay set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    Relay urls(String... urls) {
        return set("reports.urls", String.join(",", urls));
    }

    Relay feeds(String... feeds) {
        return set("reports.feeds", String.join(",", feeds));
    }

    Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    Run once() {
        return run("--once");
    }

    /** Runs with {@code --config FILE} and these arguments; System.out and System.err are captured (and shown). */
    synchronized Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(configFile.toString());
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int exit;
        try {
            // an empty environment: REPORTS_URLS or the like in the shell running the build must not leak in
            exit = RelayApplication.run(all.toArray(String[]::new), settings, Map.of());
        } finally {
            capture.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    }

    // ---- reading the CSV -----------------------------------------------------------------------------------

    static String csvText(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("reports.csv"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of reports.csv after its header (which must be exactly {@link #HEADER}), each as its cells. */
    static List<List<String>> rows(Path dataDir) {
        if (!Files.exists(dataDir.resolve("reports.csv"))) {
            return List.of();
        }
        return parse(csvText(dataDir));
    }

    static List<List<String>> parse(String text) {
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
    static List<String> keys(Path dataDir) {
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
