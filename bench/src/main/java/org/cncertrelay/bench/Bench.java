package org.cncertrelay.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmark: {@code Bench [--smoke] [parse] [e2e] [startup]} (all three when none is named), run in the
 * project root by bench/run.sh. Prints its figures; every figure is measured several times and reported as the
 * best and the median.
 */
public final class Bench {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = ROOT.resolve("bin/cncert-relay");
    private static final Path TIME = Path.of("/usr/bin/time");

    private final boolean smoke;

    private Bench(boolean smoke) {
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        List<String> parts = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                smoke = true;
            } else {
                parts.add(arg);
            }
        }
        if (parts.isEmpty()) {
            parts = List.of("parse", "stages", "e2e", "startup", "urlwatch");
        }
        Bench bench = new Bench(smoke);
        for (String part : parts) {
            switch (part) {
                case "parse" -> bench.parse();
                case "e2e" -> bench.endToEnd();
                case "startup" -> bench.startup();
                case "stages" -> bench.stages();
                case "urlwatch" -> new UrlwatchComparison(ROOT, smoke).run();
                default -> throw new IllegalArgumentException("unknown part " + part
                        + " (parse, e2e, startup, stages, urlwatch)");
            }
        }
    }

    // ---- 1. parse throughput ----------------------------------------------------------------------------------

    private void parse() throws Exception {
        double meanBytes = ParseBenchmark.meanPageBytes();
        int forks = smoke ? 1 : 3;
        int iterations = smoke ? 3 : 5;
        System.out.printf(Locale.ROOT, "%n== 1. Parse throughput: JMH, %d generated pages of mean %.0f KB, %d fork(s) x "
                + "%d iterations of %s s after warm-up, fork JVM -XX:+UseSerialGC -Xmx256m%n", ParseBenchmark.POOL,
                meanBytes / 1024, forks, iterations, smoke ? "1" : "2");
        Options options = new OptionsBuilder()
                .include(ParseBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(smoke ? 2 : 4)
                .warmupTime(TimeValue.seconds(smoke ? 1 : 2))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(smoke ? 1 : 2))
                .jvmArgs("-XX:+UseSerialGC", "-Xmx256m", "-Xss512k")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.computeIfAbsent(name, key -> new ArrayList<>()).add(iteration.getPrimaryResult()
                            .getScore());
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (var entry : new java.util.TreeMap<>(scores).entrySet()) {
            List<Double> values = entry.getValue();
            double best = values.stream().max(Double::compare).orElse(0.0);
            double median = median(values);
            medians.put(entry.getKey(), median);
            System.out.printf(Locale.ROOT, "%-11s %-44s best %7.1f pages/s %6.1f MB/s   median %7.1f pages/s %6.1f "
                    + "MB/s   (%d samples)%n", entry.getKey(), entry.getKey().equals("jsoupParse")
                            ? "Jsoup.parse(String, baseUri)" : "readPage(UTF-8 bytes) + BulletinParser.parse",
                    best, best * meanBytes / 1e6, median, median * meanBytes / 1e6, values.size());
        }
        if (medians.containsKey("jsoupParse") && medians.containsKey("relayParse")) {
            double ratio = medians.get("relayParse") / medians.get("jsoupParse");
            System.out.printf(Locale.ROOT, "relay parse / raw jsoup (medians): %.2f   target >= 0.50: %s%n", ratio,
                    ratio >= 0.5 ? "met" : "MISSED");
        }
    }

    // ---- what one issue costs in the poll, stage by stage ------------------------------------------------------

    /**
     * The poll's work for one issue, stage by stage, in one thread as one reader of the poll does it (the site
     * serves from other threads of this process): fetch over loopback, parse (readPage + BulletinParser), and the
     * four journal lines a new issue costs before its page is done (record and CSV row forced to disk, fanned-out
     * mark and page ledger left to the OS). Wall time per issue, after two warm-up passes. This JVM runs C2, the
     * relay's launcher C1 only: figures for the relay's own threads are higher.
     */
    private void stages() throws Exception {
        int count = smoke ? 100 : 400;
        List<int[]> issues = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            issues.add(new int[] {1990 + i / 50, 1 + i % 50});
        }
        System.out.printf(Locale.ROOT, "%n== Stage costs: %d issues through the poll's steps in one thread (wall ms per "
                + "issue; data dir in %s)%n", count, System.getProperty("java.io.tmpdir"));
        try (LocalSite site = new LocalSite()) {
            var fetcher = new org.cncertrelay.fetch.PoliteFetcher(Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ZERO, 5L << 20, new org.cncertrelay.fetch.HostPolicy(java.util.Set.of("127.0.0.1"),
                            new org.cncertrelay.metrics.RelayMetrics(
                                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())));
            site.serve(issues);
            org.cncertrelay.page.WechatPageReader reader = new org.cncertrelay.page.WechatPageReader();
            org.cncertrelay.report.BulletinParser parser = new org.cncertrelay.report.BulletinParser();
            String[] names = {"fetch (HTTP, 127.0.0.1)", "parse (readPage + BulletinParser)",
                "records.jsonl admit (fsync)", "reports.csv row (fsync)", "records.jsonl fanned_out (no fsync)",
                "pages.jsonl parsed (no fsync)"};
            for (int pass = 0; pass < 3; pass++) {
                Path data = Files.createTempDirectory("relay-stages-");
                try {
                    var records = new org.cncertrelay.store.FileRecordStore(data);
                    var csv = new org.cncertrelay.csv.ReportCsvFile(data.resolve("reports.csv"));
                    var ledger = new org.cncertrelay.store.FilePageLedger(data);
                    long[] nanos = new long[names.length];
                    long started = System.nanoTime();
                    for (int[] issue : issues) {
                        URI uri = URI.create(site.base() + BulletinPages.pathAndQuery(issue[0], issue[1]));
                        long t0 = System.nanoTime();
                        var page = fetcher.fetch(uri, true); // as a configured page
                        long t1 = System.nanoTime();
                        var report = parser.parse(reader.readPage(page.body(), page.charset(), page.finalUri()));
                        long t2 = System.nanoTime();
                        records.admit(report, true);
                        long t3 = System.nanoTime();
                        csv.append(report);
                        long t4 = System.nanoTime();
                        records.markFannedOut(report.key());
                        long t5 = System.nanoTime();
                        ledger.markParsed("wechat:" + issue[0] + ":" + issue[1], uri.toString(), 0);
                        long t6 = System.nanoTime();
                        long[] marks = {t0, t1, t2, t3, t4, t5, t6};
                        for (int i = 0; i < names.length; i++) {
                            nanos[i] += marks[i + 1] - marks[i];
                        }
                    }
                    double total = (System.nanoTime() - started) / 1e6 / count;
                    if (pass == 2) {
                        for (int i = 0; i < names.length; i++) {
                            System.out.printf(Locale.ROOT, "  %-36s %6.2f ms%n", names[i], nanos[i] / 1e6 / count);
                        }
                        System.out.printf(Locale.ROOT, "  %-36s %6.2f ms  -> at most %.0f issues/s in one thread%n",
                                "total", total, 1000 / total);
                    }
                } finally {
                    deleteTree(data);
                }
            }
        }
    }

    // ---- 2. end to end ----------------------------------------------------------------------------------------

    private void endToEnd() throws Exception {
        int issues = smoke ? 200 : 2000;
        int repeats = smoke ? 1 : 3;
        List<int[]> newer = new ArrayList<>();
        for (int year = 1990; year <= 2030 && newer.size() < issues; year++) {
            for (int issue = 1; issue <= 50 && newer.size() < issues; issue++) {
                newer.add(new int[] {year, issue});
            }
        }
        int[] old = {1989, 1};
        System.out.printf(Locale.ROOT, "%n== 2. End to end: %d issues (%d..%d x 1..50) from 127.0.0.1, %s --once, "
                + "request-delay 0s, generic webhook%n", issues, newer.get(0)[0], newer.get(newer.size() - 1)[0],
                ROOT.relativize(LAUNCHER));
        try (LocalSite site = new LocalSite()) {
            long generated = System.nanoTime();
            site.serve(List.of(old));
            site.serve(newer);
            site.feed(newer);
            long bytes = 0;
            for (int[] issue : newer.subList(0, Math.min(50, newer.size()))) {
                bytes += BulletinPages.pageBytes(issue[0], issue[1]).length;
            }
            System.out.printf(Locale.ROOT, "pages generated in %.1f s, mean size %.0f KB (first 50)%n",
                    (System.nanoTime() - generated) / 1e9, bytes / 1024.0 / Math.min(50, newer.size()));

            List<RunFigures> fast = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                RunFigures figures = run(site, newer, old, Map.of("chat", 0L), Duration.ofSeconds(60));
                System.out.println("  fast receiver, run " + (r + 1) + ": " + figures);
                fast.add(figures);
            }
            summary("fast receiver (answers at once), 1 target", fast, issues, true);

            List<RunFigures> slow = new ArrayList<>();
            int slowRepeats = smoke ? 1 : 2;
            Duration window = Duration.ofSeconds(smoke ? 5 : 15);
            for (int r = 0; r < slowRepeats; r++) {
                Map<String, Long> targets = new LinkedHashMap<>();
                targets.put("slow", 1000L);
                targets.put("chat", 0L);
                RunFigures figures = run(site, newer, old, targets, window);
                System.out.println("  slow receiver, run " + (r + 1) + ": " + figures);
                slow.add(figures);
            }
            summary("receiver 'slow' answers after 1 s, beside the fast 'chat' target; --once waits "
                    + window.toSeconds() + " s (relay.shutdown-timeout) for deliveries", slow, issues, false);
        }
    }

    /** One measured run: a first run imports the old issue (and announces it), then the poll of the new ones. */
    private RunFigures run(LocalSite site, List<int[]> newer, int[] old, Map<String, Long> targets, Duration wait)
            throws Exception {
        Path data = Files.createTempDirectory("relay-bench-");
        try {
            List<String> common = new ArrayList<>(List.of(
                    "-Drelay.data-dir=" + data,
                    "-Dreports.archive-dir=",
                    "-Dreports.request-delay=0s",
                    "-Dreports.allowed-hosts=127.0.0.1",
                    "-Drelay.shutdown-timeout=" + wait.toSeconds() + "s",
                    "-Dwebhook.targets=" + String.join(",", targets.keySet())));
            for (String name : targets.keySet()) {
                common.add("-Dwebhook." + name + ".type=generic");
                common.add("-Dwebhook." + name + ".url=" + site.base() + "/hook/" + name);
                common.add("-Dwebhook." + name + ".rate-per-minute=1000000");
            }
            for (String name : targets.keySet()) {
                site.receiver(name, 0);
            }
            List<String> first = new ArrayList<>(common);
            first.add("-Dreports.urls=" + site.base() + BulletinPages.pathAndQuery(old[0], old[1]));
            first.add("-Dreports.feeds=");
            first.add("--once");
            Process importOld = launch(first, false, data.resolve("import.log"), Map.of());
            if (!importOld.waitFor(120, TimeUnit.SECONDS) || importOld.exitValue() != 0) {
                throw new IllegalStateException("importing the old issue failed; see " + data.resolve("import.log"));
            }

            Map<String, LocalSite.Receiver> receivers = new LinkedHashMap<>();
            targets.forEach((name, delay) -> receivers.put(name, site.receiver(name, delay)));
            List<String> second = new ArrayList<>(common);
            second.add("-Dreports.urls=");
            second.add("-Dreports.feeds=" + site.base() + "/feed.xml");
            second.add("--once");
            Path log = data.resolve("poll.log");
            long launched = System.currentTimeMillis();
            Process poll = launch(second, true, log, Map.of());
            long hwmSampled = sampleHwmUntilExit(poll);
            long exited = System.currentTimeMillis();
            if (poll.exitValue() != 0) {
                throw new IllegalStateException("the poll exited " + poll.exitValue() + "; see " + log);
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            long pollStarted = 0;
            long lastAppend = 0;
            int appended = 0;
            long peakKb = hwmSampled;
            String pendingLine = "";
            double cpuSeconds = Double.NaN;
            for (String line : lines) {
                if (line.contains("User time (seconds):") || line.contains("System time (seconds):")) {
                    double seconds = Double.parseDouble(line.substring(line.lastIndexOf(':') + 1).trim());
                    cpuSeconds = Double.isNaN(cpuSeconds) ? seconds : cpuSeconds + seconds;
                }
                if (line.contains("Crawl - Poll started")) {
                    pollStarted = logTime(line);
                } else if (line.contains("TargetWorker - Delivered ") && line.contains(" to csv (")) {
                    // the csv sink's row is on disk and marked delivered
                    lastAppend = logTime(line);
                    appended++;
                } else if (line.contains("Maximum resident set size (kbytes):")) {
                    peakKb = Long.parseLong(line.substring(line.lastIndexOf(':') + 1).trim());
                } else if (line.contains("still pending after")) {
                    pendingLine = line.substring(line.indexOf("WebhookDispatcher - ") + 20);
                }
            }
            long rows;
            try (Stream<String> csv = Files.lines(data.resolve("reports.csv"), StandardCharsets.UTF_8)) {
                rows = csv.count() - 1;
            }
            if (appended != newer.size() || rows != newer.size() + 1) {
                throw new IllegalStateException("expected " + newer.size() + " new rows, the log shows " + appended
                        + " and reports.csv has " + rows + " (with the old one); see " + log);
            }
            Map<String, long[]> deliveries = new LinkedHashMap<>();
            receivers.forEach((name, receiver) -> deliveries.put(name,
                    new long[] {receiver.arrivals.size(), receiver.last()}));
            return new RunFigures(newer.size(), launched, pollStarted, lastAppend, exited, peakKb, deliveries,
                    pendingLine, cpuSeconds);
        } finally {
            deleteTree(data);
        }
    }

    /** @param judged whether the 200/s target applies (the slow-receiver runs show the fan-out does not serialise) */
    private void summary(String what, List<RunFigures> runs, int issues, boolean judged) {
        List<Double> ingest = runs.stream().map(RunFigures::ingestRate).toList();
        List<Double> peak = runs.stream().map(run -> run.peakKb / 1024.0).toList();
        System.out.printf(Locale.ROOT, "%s:%n  ingest (poll start -> last CSV row): best %.0f, median %.0f "
                + "issues/s%s%n", what, best(ingest), median(ingest),
                judged ? "   target >= 200: " + (median(ingest) >= 200 ? "met" : "MISSED") : "");
        for (String target : runs.get(0).deliveries.keySet()) {
            List<Double> complete = runs.stream().filter(run -> run.deliveries.get(target)[0] >= issues)
                    .map(run -> run.deliveryRate(target)).toList();
            List<Double> delivered = runs.stream().map(run -> (double) run.deliveries.get(target)[0]).toList();
            if (complete.size() == runs.size()) {
                System.out.printf(Locale.ROOT, "  with all %d deliveries to '%s' (poll start -> last delivery): best "
                        + "%.0f, median %.0f issues/s; deliveries finished %.1f s after the last row (median)%n",
                        issues, target, best(complete), median(complete),
                        median(runs.stream().map(run -> (run.deliveries.get(target)[1] - run.lastAppend) / 1000.0)
                                .toList()));
            } else {
                System.out.printf(Locale.ROOT, "  '%s': %.0f of %d delivered before --once stopped waiting (median), "
                        + "%.2f deliveries/s after the poll; the rest stay pending on disk for the next run%n",
                        target, median(delivered), issues, median(runs.stream().map(run -> run.deliveries
                                .get(target)[0] / Math.max(0.001, (run.deliveries.get(target)[1] - run.lastAppend)
                                        / 1000.0)).toList()));
            }
        }
        System.out.printf(Locale.ROOT, "  peak RSS of the relay: best %.0f MB, median %.0f MB; process wall time "
                + "median %.1f s%n", best(peak.stream().map(v -> -v).toList()) * -1, median(peak),
                median(runs.stream().map(run -> (run.exited - run.launched) / 1000.0).toList()));
    }

    record RunFigures(int issues, long launched, long pollStarted, long lastAppend, long exited, long peakKb,
            Map<String, long[]> deliveries, String pendingLine, double cpuSeconds) {

        double ingestRate() {
            return issues * 1000.0 / Math.max(1, lastAppend - pollStarted);
        }

        double deliveryRate(String target) {
            return issues * 1000.0 / Math.max(1, deliveries.get(target)[1] - pollStarted);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "JVM start -> poll start %.2f s, poll start -> last CSV row %.2f s (%.0f issues/s)",
                    (pollStarted - launched) / 1000.0, (lastAppend - pollStarted) / 1000.0, ingestRate()));
            deliveries.forEach((target, figures) -> text.append(String.format(Locale.ROOT,
                    ", '%s' got %d (last %.2f s after poll start)", target, figures[0],
                    (figures[1] - pollStarted) / 1000.0)));
            text.append(String.format(Locale.ROOT, ", exit after %.1f s (CPU %.1f s), peak RSS %d MB",
                    (exited - launched) / 1000.0, cpuSeconds, peakKb / 1024));
            return text.toString();
        }
    }

    // ---- 3. start-up --------------------------------------------------------------------------------------

    private void startup() throws Exception {
        int repeats = smoke ? 1 : 5;
        Duration idle = Duration.ofSeconds(smoke ? 2 : 10);
        System.out.printf(Locale.ROOT, "%n== 3. Start-up (daemon, sample archive, no live source): JVM launch -> "
                + "/observe/health/ready UP; RSS %d s after ready%n", idle.toSeconds());
        Path cds = ROOT.resolve("target/cncert-relay.jsa");
        boolean haveCds = Files.exists(cds)
                && Files.getLastModifiedTime(cds).compareTo(Files.getLastModifiedTime(ROOT.resolve(
                        "target/cncert-relay.jar"))) > 0;
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        if (haveCds) {
            variants.put("bin/cncert-relay (with the AppCDS archive)", Map.of());
        }
        variants.put("bin/cncert-relay, CNCERT_RELAY_CDS=off", Map.of("CNCERT_RELAY_CDS", "off"));
        variants.put("java -jar target/cncert-relay.jar (JVM defaults)", Map.of("PLAIN", "1"));
        for (var variant : variants.entrySet()) {
            List<Double> ready = new ArrayList<>();
            List<Double> logged = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            int runs = variant.getKey().startsWith("bin/cncert-relay (") || smoke ? repeats : Math.min(3, repeats);
            for (int r = 0; r < runs; r++) {
                double[] figures = startOnce(variant.getValue(), idle);
                ready.add(figures[0]);
                logged.add(figures[1]);
                rss.add(figures[2]);
            }
            System.out.printf(Locale.ROOT, "%-50s ready: best %.2f s, median %.2f s (log line 'cncert-relay "
                    + "running' median %.2f s)   idle RSS: best %.0f MB, median %.0f MB   (%d runs)%n",
                    variant.getKey(), best(ready.stream().map(v -> -v).toList()) * -1, median(ready), median(logged),
                    -best(rss.stream().map(v -> -v).toList()), median(rss), runs);
        }
        System.out.println("targets (issue #12, as README runs it: bin/cncert-relay with the archive): ready <= 1 s,"
                + " idle RSS <= 110 MB");
    }

    /** @return seconds to ready, seconds to the log line, idle RSS in MB */
    private double[] startOnce(Map<String, String> env, Duration idle) throws Exception {
        Path data = Files.createTempDirectory("relay-bench-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        boolean plain = env.containsKey("PLAIN");
        if (plain) {
            command.add("java");
        } else {
            command.add(LAUNCHER.toString());
        }
        command.addAll(List.of("-Drelay.data-dir=" + data, "-Dreports.archive-dir=samples/archive",
                "-Dreports.urls=", "-Dreports.feeds=", "-Drelay.management.port=" + port));
        if (plain) {
            command.addAll(List.of("-jar", "target/cncert-relay.jar"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("PLAIN");
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicLong loggedAt = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("cncert-relay running") && loggedAt.get() == 0) {
                        loggedAt.set(System.nanoTime());
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long readyAt = 0;
        try {
            while (readyAt == 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the daemon exited with " + process.exitValue());
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("not ready after 60 s");
                }
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("UP")) {
                        readyAt = System.nanoTime();
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            Thread.sleep(idle.toMillis());
            long rssKb = procStatus(process.pid(), "VmRSS");
            return new double[] {(readyAt - start) / 1e9, loggedAt.get() == 0 ? Double.NaN
                    : (loggedAt.get() - start) / 1e9, rssKb / 1024.0};
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteTree(data);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Process launch(List<String> args, boolean measured, Path log, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (measured && Files.isExecutable(TIME)) {
            command.addAll(List.of(TIME.toString(), "-v"));
        }
        command.add(LAUNCHER.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for the process; without /usr/bin/time, samples the peak RSS (VmHWM) of the process meanwhile. */
    private static long sampleHwmUntilExit(Process process) throws InterruptedException {
        long peak = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, procStatus(process.pid(), "VmHWM"));
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the relay did not finish in 15 minutes");
            }
        }
        return peak;
    }

    /** A kB figure from /proc/PID/status, 0 when unreadable. */
    static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited
        }
        return 0;
    }

    private static long logTime(String line) {
        return OffsetDateTime.parse(line.substring(0, 28), LOG_TIME).toInstant().toEpochMilli();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double best(List<Double> values) {
        return values.stream().max(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
