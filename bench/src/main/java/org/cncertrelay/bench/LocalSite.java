package org.cncertrelay.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The site and the chat receivers of the end-to-end run, on 127.0.0.1 only: article pages ({@code /s?...mid=}),
 * an RSS feed listing a set of issues ({@code /feed.xml}), and webhook receivers ({@code /hook/NAME}) that answer
 * 200 at once or after a delay, noting when each message arrived.
 */
final class LocalSite implements AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on: the end of each response then waits for the client's delayed
        // ACK (40 ms on Linux), which would be measured as the relay's time. Real web and chat servers set
        // TCP_NODELAY; so does this one. Read once, when the server classes load: set before any is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-site");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, byte[][]> pages = new ConcurrentHashMap<>();
    private volatile byte[] feed = new byte[0];
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
    final AtomicInteger pagesServed = new AtomicInteger();

    /** When (epoch ms) one receiver answered each message it was sent. */
    static final class Receiver {
        final long delayMillis;
        final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

        Receiver(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        long last() {
            return arrivals.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    LocalSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/s", this::page);
        server.createContext("/feed.xml", exchange -> send(exchange, 200, "application/rss+xml; charset=utf-8",
                feed));
        server.createContext("/hook/", this::hook);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Generates (once) and serves the pages of these issues, each {year, issue}. */
    void serve(List<int[]> issues) {
        for (int[] issue : issues) {
            pages.computeIfAbsent(BulletinPages.mid(issue[0], issue[1]),
                    mid -> BulletinPages.pageParts(issue[0], issue[1]));
        }
    }

    /** The feed lists these issues, newest first, link only (the relay fetches each page). */
    void feed(List<int[]> issues) {
        feed = rss(base(), issues).getBytes(StandardCharsets.UTF_8);
    }

    /** An RSS feed of these issues' pages under {@code base}, newest first, link only. */
    static String rss(String base, List<int[]> issues) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">"
                + "<channel><title>国家互联网应急中心CNCERT</title><link>" + base + "/</link>\n");
        DateTimeFormatter rfc = DateTimeFormatter.RFC_1123_DATE_TIME;
        for (int i = issues.size() - 1; i >= 0; i--) {
            int year = issues.get(i)[0];
            int issue = issues.get(i)[1];
            xml.append("<item><title>").append(BulletinPages.title(year, issue)).append("</title><link>")
                    .append((base + BulletinPages.pathAndQuery(year, issue)).replace("&", "&amp;"))
                    .append("</link><pubDate>")
                    .append(rfc.format(BulletinPages.week(year, issue)[1].plusDays(3).atStartOfDay()
                            .atOffset(ZoneOffset.ofHours(8))))
                    .append("</pubDate></item>\n");
        }
        return xml.append("</channel></rss>\n").toString();
    }

    Receiver receiver(String name, long delayMillis) {
        Receiver receiver = new Receiver(delayMillis);
        receivers.put(name, receiver);
        return receiver;
    }

    private void page(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        byte[][] parts = null;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("mid=")) {
                    parts = pages.get(Long.parseLong(pair.substring(4)));
                }
            }
        }
        if (parts == null) {
            send(exchange, 404, "text/plain", "no such article".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, length);
        try (OutputStream body = exchange.getResponseBody()) {
            for (byte[] part : parts) {
                body.write(part);
            }
        }
        pagesServed.incrementAndGet();
    }

    private void hook(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Receiver receiver = receivers.get(exchange.getRequestURI().getPath().substring("/hook/".length()));
        if (receiver == null) {
            send(exchange, 404, "text/plain", new byte[0]);
            return;
        }
        if (receiver.delayMillis > 0) {
            try {
                Thread.sleep(receiver.delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        receiver.arrivals.add(System.currentTimeMillis()); // answered: the relay counts it delivered now
        send(exchange, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
