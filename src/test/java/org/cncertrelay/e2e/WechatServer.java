package org.cncertrelay.e2e;

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
 * by its path. Every request is counted per route, so a test can tell what the relay fetched and what it did not.
 */
final class WechatServer implements AutoCloseable {

    /** What the server does for one route. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "wechat-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> times = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    WechatServer() throws IOException {
        this("127.0.0.1");
    }

    WechatServer(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        // handlers may sleep (slow pages): one thread per request, or one slow page would hold up the rest
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} (or the address the server was bound to). */
    String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Serves {@code html} for the article with this {@code mid}. */
    WechatServer page(String mid, String html) {
        return route(mid, html(html));
    }

    /** Routes the article with this {@code mid}, or the path (starting with /), to {@code responder}. */
    WechatServer route(String midOrPath, Responder responder) {
        routes.put(midOrPath, responder);
        return this;
    }

    /** How many requests reached the route for this {@code mid} or path (whether or not it was served). */
    int hits(String midOrPath) {
        AtomicInteger count = hits.get(midOrPath);
        return count == null ? 0 : count.get();
    }

    /** When each request for this {@code mid} or path arrived. */
    List<Instant> hitTimes(String midOrPath) {
        return List.copyOf(times.getOrDefault(midOrPath, List.of()));
    }

    int totalHits() {
        return requests.size();
    }

    /** Every request as {@code Host-header request-URI}, in order. */
    List<String> requests() {
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

    static Responder html(String html) {
        return body(200, "text/html; charset=UTF-8", html);
    }

    static Responder xml(String xml) {
        return body(200, "application/rss+xml; charset=UTF-8", xml);
    }

    static Responder body(int status, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** The page sent chunked: no Content-Length, so only counting the bytes can tell it is too large. */
    static Responder chunked(String html) {
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

    static Responder status(int status) {
        return body(status, "text/html; charset=UTF-8", "<html><body>HTTP " + status + "</body></html>");
    }

    static Responder redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /** The first {@code count} requests get {@code first}, later ones {@code then}. */
    static Responder firstThen(int count, Responder first, Responder then) {
        AtomicInteger seen = new AtomicInteger();
        return exchange -> (seen.incrementAndGet() <= count ? first : then).respond(exchange);
    }

    /** Answers after {@code delay}, like a page that is slow to arrive. */
    static Responder slow(Duration delay, Responder then) {
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
