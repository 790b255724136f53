package org.cncertrelay.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;

/**
 * Fetches pages the way a careful reader would: one request at a time per host with a pause between them, a
 * browser's headers, bounded connect and read times, a size cap, redirects followed. Failures come back as
 * {@link PageRejected} with the reason, never as a bare I/O exception.
 */
public final class PoliteFetcher {

    static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);

    private final HttpClient client;
    private final Duration readTimeout;
    private final Duration delayPerHost;
    private final long maxBytes;
    private final Map<String, HostSlot> hosts = new ConcurrentHashMap<>();

    public PoliteFetcher(Duration connectTimeout, Duration readTimeout, Duration delayPerHost, long maxBytes) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                // The client's I/O thread runs the body's steps itself: by default each ~16 KB read of a page is
                // handed to a pool thread, dozens of thread switches per page, which cost more than the copying.
                .executor(Runnable::run)
                .build();
        this.readTimeout = readTimeout;
        this.delayPerHost = delayPerHost;
        this.maxBytes = maxBytes;
    }

    public FetchedPage fetch(URI uri) throws PageRejected {
        HostSlot slot = hosts.computeIfAbsent(uri.getHost() == null ? "" : uri.getHost(), host -> new HostSlot());
        synchronized (slot) {
            slot.waitTurn(delayPerHost);
            try {
                return send(uri);
            } finally {
                slot.lastRequestEnded = System.nanoTime();
            }
        }
    }

    private FetchedPage send(URI uri) throws PageRejected {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(readTimeout)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.6")
                    .header("Referer", "https://mp.weixin.qq.com/")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new PageRejected(PageProblem.NOT_AN_ARTICLE, "not a fetchable URL: " + e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, this::cappedBody);
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the headers; this deadline covers the whole body too
            response = exchange.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new PageRejected(PageProblem.TIMEOUT, "page not read within " + readTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new PageRejected(PageProblem.TIMEOUT, "interrupted while waiting for the response");
        } catch (ExecutionException e) {
            throw rejection(e.getCause());
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new PageRejected(PageProblem.RATE_LIMITED, "HTTP 429 Too Many Requests");
        }
        if (status >= 500) {
            throw new PageRejected(PageProblem.HTTP_5XX, "HTTP " + status);
        }
        if (status >= 400) {
            throw new PageRejected(PageProblem.HTTP_4XX, "HTTP " + status);
        }
        if (status >= 300) {
            throw new PageRejected(PageProblem.HTTP_4XX, "HTTP " + status + " redirect without a usable Location");
        }
        if (response.body() == null) {
            throw new PageRejected(PageProblem.TOO_LARGE, response.headers().firstValue("Content-Length").orElse("?")
                    + " bytes declared, limit " + maxBytes);
        }
        return new FetchedPage(uri, response.uri(), status, response.body(), charset(response));
    }

    /** Collects the body in memory up to the size cap; a larger body (declared or sent) ends the exchange. */
    private HttpResponse.BodySubscriber<byte[]> cappedBody(HttpResponse.ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            return HttpResponse.BodySubscribers.replacing(null);
        }
        return new CappedBody(maxBytes, declared);
    }

    private PageRejected rejection(Throwable failure) {
        if (failure instanceof TooLarge) {
            return new PageRejected(PageProblem.TOO_LARGE, "more than " + maxBytes + " bytes");
        }
        if (failure instanceof HttpConnectTimeoutException) {
            // not connecting at all is the host's trouble (NETWORK), unlike a page that is slow to arrive (TIMEOUT)
            return new PageRejected(PageProblem.NETWORK, "no connection within the connect timeout");
        }
        if (failure instanceof HttpTimeoutException) {
            return new PageRejected(PageProblem.TIMEOUT, "no response within " + readTimeout.toSeconds() + " s");
        }
        if (failure instanceof ConnectException) {
            return new PageRejected(PageProblem.NETWORK, unresolved(failure)
                    ? "host name not resolved (no network or DNS?)" : "connection refused or host unreachable");
        }
        if (failure instanceof IllegalArgumentException) {
            return new PageRejected(PageProblem.NOT_AN_ARTICLE, "not a fetchable URL: " + failure.getMessage());
        }
        return new PageRejected(PageProblem.NETWORK, describe(failure));
    }

    private static Charset charset(HttpResponse<?> response) {
        Matcher matcher = CHARSET.matcher(response.headers().firstValue("Content-Type").orElse(""));
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String describe(Throwable e) {
        if (unresolved(e)) {
            return "host name not resolved (no network or DNS?)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.UnknownHostException
                    || cause instanceof java.nio.channels.UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** Serialises requests to one host and spaces them by the politeness delay. */
    private static final class HostSlot {
        private long lastRequestEnded = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

        void waitTurn(Duration delay) throws PageRejected {
            long waitNanos = lastRequestEnded + delay.toNanos() - System.nanoTime();
            if (waitNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PageRejected(PageProblem.TIMEOUT, "interrupted while waiting between requests");
                }
            }
        }
    }
}
