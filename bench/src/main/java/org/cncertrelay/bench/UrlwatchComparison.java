package org.cncertrelay.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The relay beside urlwatch on the same pages, as each one's user runs it: the relay as README tells
 * ({@code bin/cncert-relay --config FILE --once}, CSV plus one generic webhook target), urlwatch
 * 2.x from Debian with a job per page ({@code css: '#js_content'} then {@code html2text}). Both read the same
 * generated article pages from nginx on 127.0.0.1 (gzip-compressed, as both ask), start cold (a fresh data dir, a
 * fresh urlwatch cache), and run alternately; each whole process is timed by {@code /usr/bin/time -v} (wall, CPU,
 * peak RSS).
 */
final class UrlwatchComparison {

    private static final Path TIME = Path.of("/usr/bin/time");
    /** README's command: the launcher, with the class-data-sharing archive the build made. */
    private static final String LAUNCHER = "bin/cncert-relay";

    private final Path root;
    private final int pages;
    private final int repeats;

    UrlwatchComparison(Path root, boolean smoke) {
        this.root = root;
        this.pages = Integer.getInteger("bench.pages", smoke ? 200 : 2000);
        this.repeats = smoke ? 1 : 3;
    }

    void run() throws Exception {
        for (String tool : List.of("urlwatch", "nginx")) {
            if (which(tool) == null) {
                System.out.println("\n== urlwatch comparison skipped: " + tool + " is not installed (bench/run.sh"
                        + " installs it with apt-get when run as root)");
                return;
            }
        }
        List<int[]> issues = new ArrayList<>();
        for (int year = 1990; issues.size() < pages; year++) {
            for (int issue = 1; issue <= 50 && issues.size() < pages; issue++) {
                issues.add(new int[] {year, issue});
            }
        }
        int[] old = {1989, 1};
        // Readable by nginx's workers, which drop root for an unprivileged user.
        Path work = Files.createTempDirectory("relay-vs-urlwatch-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (LocalSite receivers = new LocalSite(); Nginx nginx = new Nginx(work.resolve("nginx"), issues, old)) {
            System.out.printf(Locale.ROOT, "%n== Relay vs urlwatch: %d article pages (mean %.0f KB, sent"
                    + " gzip-compressed when asked) from nginx on 127.0.0.1, whole process, cold, alternating, %d"
                    + " run(s) each%n", pages, nginx.meanPageBytes / 1024.0, repeats);
            System.out.println("relay:    bin/cncert-relay --config relay.properties --once, as README runs it"
                    + " (reports.feeds lists the pages; reports.request-delay 0s; CSV + one generic webhook target;"
                    + " every other setting its default: reports.parallelism 4, one request at a time per host)");
            System.out.println("urlwatch: " + version("urlwatch") + ", one job per page: css '#js_content',"
                    + " html2text");
            Path urls = work.resolve("urls.yaml");
            StringBuilder jobs = new StringBuilder();
            for (int[] issue : issues) {
                jobs.append("name: \"").append(issue[0]).append('/').append(issue[1]).append("\"\nurl: \"")
                        .append(nginx.base()).append(BulletinPages.pathAndQuery(issue[0], issue[1]))
                        .append("\"\nfilter:\n  - css: '#js_content'\n  - html2text\n---\n");
            }
            Files.writeString(urls, jobs, StandardCharsets.UTF_8);

            List<Measured> relayRuns = new ArrayList<>();
            List<Measured> urlwatchRuns = new ArrayList<>();
            for (int r = 1; r <= repeats; r++) {
                Measured relay = relay(work.resolve("relay-" + r), nginx, receivers, old);
                System.out.println("  run " + r + " relay:    " + relay);
                relayRuns.add(relay);
                Measured watcher = urlwatch(work.resolve("urlwatch-" + r), urls);
                System.out.println("  run " + r + " urlwatch: " + watcher);
                urlwatchRuns.add(watcher);
            }
            double relayWall = Bench.median(relayRuns.stream().map(Measured::wallSeconds).toList());
            double urlwatchWall = Bench.median(urlwatchRuns.stream().map(Measured::wallSeconds).toList());
            double relayPeak = Bench.median(relayRuns.stream().map(run -> run.peakKb / 1024.0).toList());
            double ratio = urlwatchWall / relayWall;
            System.out.printf(Locale.ROOT, "medians: relay %.2f s, peak RSS %.0f MB; urlwatch %.2f s, peak RSS %.0f"
                    + " MB%n", relayWall, relayPeak, urlwatchWall,
                    Bench.median(urlwatchRuns.stream().map(run -> run.peakKb / 1024.0).toList()));
            System.out.printf(Locale.ROOT, "relay is %.2fx urlwatch's speed   target >= 3x: %s; relay peak RSS"
                    + " target <= 128 MB: %s%n", ratio, ratio >= 3 ? "met" : "MISSED",
                    relayPeak <= 128 ? "met" : "MISSED");
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("kept: " + work);
            } else {
                Bench.deleteTree(work);
            }
        }
    }

    /** One cold --once: an untimed first run records an older issue, so the measured run announces every page. */
    private Measured relay(Path dir, Nginx nginx, LocalSite receivers, int[] old) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String common = String.join("\n",
                "relay.data-dir=" + data,
                "relay.management.enabled=false",
                "relay.shutdown-timeout=120s",
                "reports.archive-dir=",
                "reports.request-delay=0s",
                "reports.allowed-hosts=127.0.0.1",
                "webhook.targets=chat",
                "webhook.chat.type=generic",
                "webhook.chat.url=" + receivers.base() + "/hook/chat",
                "webhook.chat.rate-per-minute=1000000", "");
        receivers.receiver("chat", 0);
        Path first = dir.resolve("first.properties");
        Files.writeString(first, common + "reports.feeds=\nreports.urls=" + nginx.base()
                + BulletinPages.pathAndQuery(old[0], old[1]) + "\n");
        Measured importOld = timed(List.of(LAUNCHER, "--config", first.toString(), "--once"),
                dir.resolve("first.log"));
        if (importOld.exit != 0) {
            throw new IllegalStateException("the relay's first run failed; see " + dir.resolve("first.log"));
        }
        Path measured = dir.resolve("relay.properties");
        Files.writeString(measured, common + "reports.urls=\nreports.feeds=" + nginx.base() + "/feed.xml\n");
        Measured run = timed(List.of(LAUNCHER, "--config", measured.toString(), "--once"),
                dir.resolve("relay.log"));
        long rows;
        try (var lines = Files.lines(data.resolve("reports.csv"), StandardCharsets.UTF_8)) {
            rows = lines.count() - 2; // the header and the older issue
        }
        if (run.exit != 0 || rows != pages) {
            throw new IllegalStateException("the relay exited " + run.exit + " with " + rows + " of " + pages
                    + " rows; see " + dir.resolve("relay.log"));
        }
        return run;
    }

    private Measured urlwatch(Path dir, Path urls) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("urlwatch.log");
        Measured run = timed(List.of("urlwatch", "--urls", urls.toString(), "--config",
                dir.resolve("urlwatch.yaml").toString(), "--hooks", dir.resolve("hooks.py").toString(), "--cache",
                dir.resolve("cache.db").toString()), log);
        long reported = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("NEW:")).count();
        if (run.exit != 0 || reported != pages) {
            throw new IllegalStateException("urlwatch exited " + run.exit + " reporting " + reported + " of " + pages
                    + " pages as new; see " + log);
        }
        return run;
    }

    private Measured timed(List<String> command, Path log) throws Exception {
        List<String> line = new ArrayList<>(List.of(TIME.toString(), "-v"));
        line.addAll(command);
        Process process = new ProcessBuilder(line).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 15 minutes; see " + log);
        }
        double wall = Double.NaN;
        double cpu = 0;
        long peakKb = 0;
        for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!text.startsWith("\t") || !text.contains(": ")) {
                continue; // not a figure of /usr/bin/time -v
            }
            String value = text.substring(text.lastIndexOf(": ") + 2).trim();
            if (text.contains("Elapsed (wall clock) time")) {
                String[] parts = value.split(":");
                wall = 0;
                for (String part : parts) {
                    wall = wall * 60 + Double.parseDouble(part);
                }
            } else if (text.contains("User time (seconds)") || text.contains("System time (seconds)")) {
                cpu += Double.parseDouble(value);
            } else if (text.contains("Maximum resident set size (kbytes)")) {
                peakKb = Long.parseLong(value);
            }
        }
        return new Measured(process.exitValue(), wall, cpu, peakKb);
    }

    record Measured(int exit, double wallSeconds, double cpuSeconds, long peakKb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s wall, %.1f s CPU, peak RSS %d MB", wallSeconds, cpuSeconds,
                    peakKb / 1024);
        }
    }

    private static String which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return null;
    }

    private static String version(String tool) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return text.lines().findFirst().orElse(tool);
    }

    /**
     * nginx serving the pages as static files ({@code /s?...&mid=M...} → {@code pages/M.html}) and the feed; a page
     * is sent gzip-compressed to a client that asks for it, as mp.weixin.qq.com sends pages (both tools ask).
     */
    private static final class Nginx implements AutoCloseable {
        private final Process process;
        private final int port;
        final double meanPageBytes;

        Nginx(Path dir, List<int[]> issues, int[] old) throws Exception {
            Path www = dir.resolve("www");
            Files.createDirectories(www.resolve("pages"));
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            long bytes = 0;
            List<int[]> all = new ArrayList<>(issues);
            all.add(old);
            for (int[] issue : all) {
                byte[] page = BulletinPages.pageBytes(issue[0], issue[1], BulletinPages.Size.ARTICLE);
                bytes += page.length;
                Path file = www.resolve("pages/" + BulletinPages.mid(issue[0], issue[1]) + ".html");
                Files.write(file, page);
                // compressed beforehand, as a web server that compresses pages does it on its own machine
                try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(
                        file.resolveSibling(file.getFileName() + ".gz")))) {
                    gzip.write(page);
                }
            }
            meanPageBytes = (double) bytes / all.size();
            Files.writeString(www.resolve("feed.xml"), LocalSite.rss("http://127.0.0.1:" + port, issues),
                    StandardCharsets.UTF_8);
            Files.createDirectories(dir.resolve("temp"));
            String conf = """
                    worker_processes 2;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log;
                    events { worker_connections 512; }
                    http {
                        access_log off;
                        sendfile on;
                        tcp_nodelay on;
                        client_body_temp_path %1$s/temp;
                        proxy_temp_path %1$s/temp;
                        fastcgi_temp_path %1$s/temp;
                        uwsgi_temp_path %1$s/temp;
                        scgi_temp_path %1$s/temp;
                        server {
                            listen 127.0.0.1:%2$d;
                            root %1$s/www;
                            charset utf-8;
                            gzip_static on;
                            location = /s { default_type text/html; try_files /pages/$arg_mid.html =404; }
                            location = /feed.xml { default_type application/rss+xml; }
                        }
                    }
                    """.formatted(dir, port);
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf);
            process = new ProcessBuilder(which("nginx"), "-p", dir.toString(), "-e", dir.resolve("error.log")
                    .toString(), "-c", confFile.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (var socket = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("nginx did not start; see " + dir.resolve("error.log"));
                    }
                    Thread.sleep(50);
                }
            }
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
