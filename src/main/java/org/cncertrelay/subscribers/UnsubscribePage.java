package org.cncertrelay.subscribers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cncertrelay.i18n.Messages;
import org.jsoup.nodes.Entities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public unsubscribe page, on a listener of its own ({@code digest.public.host}:{@code digest.public.port})
 * meant to sit behind the operator's reverse proxy, at the path of {@code digest.unsubscribe-url}:
 * <ul>
 *   <li>{@code GET ?token=…} shows a page with a button and changes nothing, since mail scanners follow links;</li>
 *   <li>{@code POST ?token=…} unsubscribes: the one-click request of RFC 8058 (body
 *       {@code List-Unsubscribe=One-Click}) or the page's button. Repeating it changes nothing more.</li>
 * </ul>
 * A token that is malformed or not signed with {@code digest.unsubscribe-secret} gets 400 or 403 and changes nothing.
 * The page is in the subscriber's language.
 */
public final class UnsubscribePage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribePage.class);
    /** A one-click body is 26 bytes; the page's form a few more. Anything longer is not ours. */
    private static final int MAX_BODY_BYTES = 4096;
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final UnsubscribeTokens tokens;
    private final SubscriberList subscribers;
    private final Messages defaultLanguage;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads;

    private UnsubscribePage(UnsubscribeTokens tokens, SubscriberList subscribers, Messages defaultLanguage,
                            Clock clock, HttpServer server) {
        this.tokens = tokens;
        this.subscribers = subscribers;
        this.defaultLanguage = defaultLanguage;
        this.clock = clock;
        this.server = server;
        this.threads = Executors.newFixedThreadPool(2);
    }

    /** Starts listening at {@code address}; {@link #close()} stops. */
    public static UnsubscribePage start(InetSocketAddress address, UnsubscribeTokens tokens,
                                        SubscriberList subscribers, Messages defaultLanguage, Clock clock)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        UnsubscribePage page = new UnsubscribePage(tokens, subscribers, defaultLanguage, clock, server);
        server.createContext(tokens.path(), page::handle);
        server.setExecutor(page.threads);
        server.start();
        LOG.info("Unsubscribe page listening on {}:{}{}", address.getHostString(), page.port(), tokens.path());
        return page;
    }

    /** The port listened on (the one chosen by the system when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(tokens.path())) {
                reply(exchange, 404, defaultLanguage, defaultLanguage.get("unsubscribe.page.invalid"), null);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                reply(exchange, 405, defaultLanguage, defaultLanguage.get("unsubscribe.page.wrong-method"), null);
                return;
            }
            String token = parameter(exchange.getRequestURI().getRawQuery(), "token");
            if (token == null || token.isBlank()) {
                reply(exchange, 400, defaultLanguage, defaultLanguage.get("unsubscribe.page.invalid"), null);
                return;
            }
            Optional<String> address = tokens.verify(token);
            if (address.isEmpty()) {
                LOG.warn("Unsubscribe {} with a token not signed by digest.unsubscribe-secret refused", method);
                reply(exchange, 403, defaultLanguage, defaultLanguage.get("unsubscribe.page.invalid"), null);
                return;
            }
            Messages messages = subscribers.find(address.get()).map(subscriber -> Messages.of(subscriber.language()))
                    .orElse(defaultLanguage);
            String name = messages.get("digest.from-name");
            if (method.equals("GET")) {
                reply(exchange, 200, messages, messages.get("unsubscribe.page.confirm", address.get(), name),
                        tokens.path() + "?token=" + token);
                return;
            }
            String body = body(exchange.getRequestBody());
            String how = body.contains(ONE_CLICK) ? "one-click" : "link";
            if (subscribers.unsubscribe(address.get(), how, clock.instant())) {
                LOG.info("Subscriber {} unsubscribed ({})", address.get(), how);
            }
            reply(exchange, 200, messages, messages.get("unsubscribe.page.done", address.get(), name), null);
        } catch (RuntimeException e) {
            LOG.error("Unsubscribe request failed: {}", e.getMessage(), e);
            exchange.sendResponseHeaders(503, -1);
        }
    }

    private static String body(InputStream in) throws IOException {
        // the body only tells a one-click request from the page's button; it is read as it came
        return new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.US_ASCII);
    }

    private static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                try {
                    return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null; // a broken %-escape: no token at all
                }
            }
        }
        return null;
    }

    /** A small page for a phone; with {@code confirmAction}, a form whose button posts the unsubscribe. */
    private static void reply(HttpExchange exchange, int status, Messages messages, String text, String confirmAction)
            throws IOException {
        String title = messages.get("unsubscribe.page.title", messages.get("digest.from-name"));
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(messages.language())
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
                        + "initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>")
                .append(Entities.escape(title)).append("</title></head><body style=\"font-family:sans-serif;"
                        + "max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5\"><h1 style=\"font-size:1.3em\">")
                .append(Entities.escape(title)).append("</h1><p>").append(Entities.escape(text)).append("</p>");
        if (confirmAction != null) {
            html.append("<form method=\"post\" action=\"").append(Entities.escape(confirmAction))
                    .append("\"><button type=\"submit\" style=\"font-size:1.1em;padding:.5em 1.5em\">")
                    .append(Entities.escape(messages.get("unsubscribe.page.button"))).append("</button></form>");
        }
        byte[] bytes = html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        // the answer depends on the token; no cache along the way should keep or share it
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
