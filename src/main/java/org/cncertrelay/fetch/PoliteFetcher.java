package org.cncertrelay.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;

/**
 * Fetches pages the way a careful reader would: one request at a time per host with a pause between them, a
 * browser's headers, bounded connect and read times, a size cap, redirects followed hop by hop within the
 * {@link HostPolicy}. Failures come back as {@link PageRejected} with the reason, never as a bare I/O exception.
 *
 * <p>Pages are read with a blocking {@link HttpURLConnection} in the calling thread: a page of hundreds of KB
 * arrives in a few reads, where the JDK's asynchronous HttpClient handed dozens of chunks through its selector
 * thread (3x the time per page, measured with bench/). A shared deadline thread cuts a response that has not
 * fully arrived within the read timeout, however slowly the server trickles it.
 */
public final class PoliteFetcher {

    static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();
    /** How long a host that could not be reached is not asked again (a poll's readers, not the next poll). */
    private static final Duration UNREACHABLE_FOR = Duration.ofSeconds(30);
    /** A browser follows about 20; an article is at most a couple of hops (http to https, a short link) away. */
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration delayPerHost;
    private final long maxBytes;
    private final HostPolicy policy;
    private final Map<String, HostSlot> hosts = new ConcurrentHashMap<>();

    public PoliteFetcher(Duration connectTimeout, Duration readTimeout, Duration delayPerHost, long maxBytes,
            HostPolicy policy) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.delayPerHost = delayPerHost;
        this.maxBytes = maxBytes;
    }

    /**
     * Fetches {@code uri}, following up to {@value #MAX_REDIRECTS} redirects, each hop checked by the
     * {@link HostPolicy} before it is requested and requested politely on its own host's turn.
     *
     * @param configured whether {@code uri} comes from the relay's configuration (reports.urls, reports.feeds):
     *                   only then is it requested without the policy's checks, and may it redirect within its host
     */
    public FetchedPage fetch(URI uri, boolean configured) throws PageRejected {
        if (!configured) {
            policy.checkRequest(uri);
        }
        Set<URI> seen = new HashSet<>();
        URI current = uri;
        while (true) {
            seen.add(current);
            Answer answer = request(current);
            if (answer.redirect() == null) {
                return new FetchedPage(uri, current, answer.status(), answer.body(), answer.charset(),
                        answer.headers());
            }
            URI next = answer.redirect();
            if (seen.contains(next) || seen.size() > MAX_REDIRECTS) {
                throw new PageRejected(PageProblem.TOO_MANY_REDIRECTS, seen.contains(next)
                        ? "redirected back to a URL already requested" : "more than " + MAX_REDIRECTS + " redirects");
            }
            policy.checkRedirect(uri, configured, next);
            current = next;
        }
    }

    /** One request, on its host's turn; hops to other hosts take their own turn, never holding two at once. */
    private Answer request(URI uri) throws PageRejected {
        HostSlot slot = hosts.computeIfAbsent(uri.getHost() == null ? "" : uri.getHost(), host -> new HostSlot());
        synchronized (slot) {
            if (System.nanoTime() - slot.unreachableSince < UNREACHABLE_FOR.toNanos()) {
                // readers queued behind a request that found the host unreachable need not wait to find it again
                throw new PageRejected(PageProblem.NETWORK, "not tried: the host could not be reached moments ago");
            }
            slot.waitTurn(delayPerHost);
            try {
                return send(uri);
            } catch (PageRejected rejected) {
                if (rejected.problem() == PageProblem.NETWORK) {
                    slot.unreachableSince = System.nanoTime();
                }
                throw rejected;
            } finally {
                slot.lastRequestEnded = System.nanoTime();
            }
        }
    }

    private Answer send(URI uri) throws PageRejected {
        HttpURLConnection connection = open(uri);
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            // not connecting at all is the host's trouble (NETWORK), unlike a page that is slow to arrive (TIMEOUT)
            throw new PageRejected(PageProblem.NETWORK, "no connection within the connect timeout");
        } catch (IOException e) {
            throw rejection(e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            expired.set(true);
            connection.disconnect(); // a read blocked on the socket fails at once
        }, readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return read(uri, connection);
        } catch (IOException e) {
            if (expired.get() || e instanceof SocketTimeoutException) {
                throw new PageRejected(PageProblem.TIMEOUT, "page not read within " + readTimeout.toSeconds() + " s");
            }
            throw rejection(e);
        } finally {
            deadline.cancel(false);
        }
    }

    private HttpURLConnection open(URI uri) throws PageRejected {
        HttpURLConnection connection;
        try {
            URL url = uri.toURL();
            if (!"http".equalsIgnoreCase(url.getProtocol()) && !"https".equalsIgnoreCase(url.getProtocol())) {
                throw new PageRejected(PageProblem.NOT_AN_ARTICLE, "not a fetchable URL: " + uri.getScheme());
            }
            connection = (HttpURLConnection) url.openConnection();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new PageRejected(PageProblem.NOT_AN_ARTICLE, "not a fetchable URL: " + e.getMessage());
        } catch (IOException e) {
            throw rejection(e);
        }
        connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        // redirects are followed by fetch(), which checks each hop before requesting it
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("User-Agent", USER_AGENT);
        connection.setRequestProperty("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        connection.setRequestProperty("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.6");
        // as browsers ask: a compressed page is about a quarter of the bytes from the host, and the raw archive
        // keeps it as received instead of compressing the whole page again; the page source inflates it
        connection.setRequestProperty("Accept-Encoding", "gzip");
        connection.setRequestProperty("Referer", "https://mp.weixin.qq.com/");
        return connection;
    }

    private Answer read(URI uri, HttpURLConnection connection) throws IOException, PageRejected {
        int status = connection.getResponseCode();
        if (status >= 300) {
            discardErrorBody(connection);
        }
        URI location = REDIRECTS.contains(status) ? location(uri, connection.getHeaderField("Location")) : null;
        if (location != null) {
            return new Answer(status, null, null, location, Map.of());
        }
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
        long declared = connection.getContentLengthLong();
        if (declared > maxBytes) {
            connection.disconnect();
            throw new PageRejected(PageProblem.TOO_LARGE, declared + " bytes declared, limit " + maxBytes);
        }
        byte[] body;
        try (InputStream in = connection.getInputStream()) {
            body = readCapped(in, declared);
        }
        if (body == null) {
            connection.disconnect(); // the rest of the body is not wanted; do not keep the connection
            throw new PageRejected(PageProblem.TOO_LARGE, "more than " + maxBytes + " bytes");
        }
        return new Answer(status, body, charset(connection.getContentType()), null, connection.getHeaderFields());
    }

    /**
     * Where a redirect points, resolved against the request; null when the header is missing or unusable. Another
     * scheme (file:, ftp:) is returned, for the policy to refuse by name.
     */
    private static URI location(URI request, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            URI target = request.resolve(new URI(header.trim().replace(" ", "%20")));
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && target.getHost() == null ? null : target;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** One response: a page, or where it redirects. */
    private record Answer(int status, byte[] body, Charset charset, URI redirect,
            Map<String, List<String>> headers) {
    }

    /** The body, read into an array sized by the declared length; null once it passes the size cap. */
    private byte[] readCapped(InputStream in, long declared) throws IOException {
        byte[] bytes = new byte[declared >= 0 ? (int) declared : 64 * 1024];
        int count = 0;
        while (true) {
            if (count == bytes.length) {
                int next = in.read(); // the declared length was right (the usual case), or there is more
                if (next < 0) {
                    return bytes;
                }
                if (count >= maxBytes) {
                    return null;
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, 2L * bytes.length + 1));
                bytes[count++] = (byte) next;
            }
            int read = in.read(bytes, count, bytes.length - count);
            if (read < 0) {
                return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
            }
            count += read;
        }
    }

    /** Reads and closes a redirect's or an error's body, so the connection can be reused. */
    private static void discardErrorBody(HttpURLConnection connection) {
        try (InputStream error = connection.getResponseCode() < 400 ? connection.getInputStream()
                : connection.getErrorStream()) {
            if (error != null) {
                error.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException ignored) {
            // a connection that cannot be drained is simply not reused
        }
    }

    private PageRejected rejection(IOException failure) {
        if (failure instanceof UnknownHostException) {
            return new PageRejected(PageProblem.NETWORK, "host name not resolved (no network or DNS?)");
        }
        if (failure instanceof ConnectException) {
            return new PageRejected(PageProblem.NETWORK, "connection refused or host unreachable");
        }
        return new PageRejected(PageProblem.NETWORK, failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }

    /** The charset a Content-Type header names; UTF-8 when it names none or one the JVM does not know. */
    public static Charset charset(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType == null ? "" : contentType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "page-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // no thread while no page is being read; cancelled deadlines do not pile up
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Serialises requests to one host and spaces them by the politeness delay. */
    private static final class HostSlot {
        private long lastRequestEnded = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
        private long unreachableSince = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

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
