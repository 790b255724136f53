package org.cncertrelay.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for mp.weixin.qq.com and a feed host on 127.0.0.1: a real HTTP server on a free port. Article pages
 * are served at {@code /s?__biz=..&mid=..&idx=..&sn=..} like WeChat's and routed by their {@code mid}; anything else
 * by its path; unknown routes answer 404 (a deleted article, never retried). Every request is counted per route, so
 * a test can tell what the relay fetched and what it did not. Responders give delays, redirects and status codes.
 */
public final class PageServer implements AutoCloseable {

    /** What the server does for one route. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "page-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> times = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public PageServer() throws IOException {
        this("127.0.0.1");
    }

    public PageServer(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        // handlers may sleep (slow pages): one thread per request, or one slow page would hold up the rest
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} (or the address the server was bound to). */
    public String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Serves {@code html} for the article with this {@code mid}. */
    public PageServer page(String mid, String html) {
        return route(mid, html(html));
    }

    /** Routes the article with this {@code mid}, or the path (starting with /), to {@code responder}. */
    public PageServer route(String midOrPath, Responder responder) {
        routes.put(midOrPath, responder);
        return this;
    }

    /** Serves the issue's page (recall links to WeChat) at its shared link; returns that link. */
    public String serve(Issue issue) {
        return serve(issue, issue.html());
    }

    /** Serves {@code html} as the issue's page at its shared link; returns that link. */
    public String serve(Issue issue, String html) {
        page(issue.mid(), html);
        return issue.sharedUrl(base());
    }

    /** Serves a feed at {@code path} (starting with /); returns its URL. */
    public String serveFeed(String path, String xml) {
        route(path, xml(xml));
        return base() + path;
    }

    /** How many requests reached the route for this {@code mid} or path (whether or not it was served). */
    public int hits(String midOrPath) {
        AtomicInteger count = hits.get(midOrPath);
        return count == null ? 0 : count.get();
    }

    /** When each request for this {@code mid} or path arrived. */
    public List<Instant> hitTimes(String midOrPath) {
        return List.copyOf(times.getOrDefault(midOrPath, List.of()));
    }

    public int totalHits() {
        return requests.size();
    }

    /** Every request as {@code Host-header request-URI}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String key = path;
            if (path.equals("/s")) {
                String mid = query(exchange.getRequestURI().getRawQuery(), "mid");
                key = mid == null ? path : mid;
            }
            requests.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
            hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            times.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(Instant.now());
            Responder responder = routes.get(key);
            if (responder == null) {
                status(404).respond(exchange);
            } else {
                responder.respond(exchange);
            }
        } catch (IOException e) {
            // the client gave up (a read timeout): nothing to answer
        }
    }

    private static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    // ---- responders ----------------------------------------------------------------------------------------

    public static Responder html(String html) {
        return body(200, "text/html; charset=UTF-8", html);
    }

    public static Responder xml(String xml) {
        return body(200, "application/rss+xml; charset=UTF-8", xml);
    }

    public static Responder body(int status, String contentType, String text) {
        return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with these bytes as they are: another charset than UTF-8, gzip data. */
    public static Responder bytes(int status, String contentType, byte[] bytes) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** The page sent chunked: no Content-Length, so only counting the bytes can tell it is too large. */
    public static Responder chunked(String html) {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int offset = 0; offset < bytes.length; offset += 8192) {
                    out.write(bytes, offset, Math.min(8192, bytes.length - offset));
                }
            }
        };
    }

    public static Responder status(int status) {
        return body(status, "text/html; charset=UTF-8", "<html><body>HTTP " + status + "</body></html>");
    }

    public static Responder redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** The first {@code count} requests get {@code first}, later ones {@code then}. */
    public static Responder firstThen(int count, Responder first, Responder then) {
        AtomicInteger seen = new AtomicInteger();
        return exchange -> (seen.incrementAndGet() <= count ? first : then).respond(exchange);
    }

    /** Answers after {@code delay}, like a page that is slow to arrive. */
    public static Responder slow(Duration delay, Responder then) {
        return exchange -> {
            try {
                TimeUnit.MILLISECONDS.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            then.respond(exchange);
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
