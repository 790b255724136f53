package org.cncertrelay.fanout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 that plays mp.weixin.qq.com and a feed host: article pages are served by their
 * {@code mid}, anything else by its path. Unknown pages answer 404 (a deleted article, never retried).
 */
final class PageServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> articles = new ConcurrentHashMap<>();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    PageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the issue's page at {@link #articleUrl}; returns that URL. */
    String serve(Issue issue) {
        articles.put(issue.mid(), issue.html(this));
        return articleUrl(issue);
    }

    /** Serves {@code content} at {@code path} (e.g. a feed); returns its URL. */
    String serve(String path, String content) {
        files.put(path, content);
        return base() + path;
    }

    /** The issue's link as shared, on this server instead of mp.weixin.qq.com. */
    String articleUrl(Issue issue) {
        return base() + "/s?__biz=" + Issue.BIZ + "&mid=" + issue.mid() + "&idx=1&sn=" + issue.sn()
                + "&chksm=973acd1aa04d440c&scene=58&subscene=0#rd";
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Request paths with queries, in order. */
    List<String> requested() {
        return List.copyOf(requested);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requested.add(query == null ? path : path + "?" + query);
        String body = files.get(path);
        String type = "application/rss+xml; charset=utf-8";
        if (body == null && "/s".equals(path) && query != null) {
            body = articles.get(queryValue(query, "mid"));
            type = "text/html; charset=utf-8";
        }
        byte[] bytes = body == null ? "not found".getBytes(StandardCharsets.UTF_8)
                : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String queryValue(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
