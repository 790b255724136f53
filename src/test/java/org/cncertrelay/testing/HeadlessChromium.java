package org.cncertrelay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket: loads a page at a
 * phone's or a desktop's width (the command line cannot go below 500 px; device emulation can), runs a script in
 * it and takes screenshots, so tests see an HTML mail as a reader's browser lays it out.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** Starts the browser; skips the calling test when Chromium is not installed. */
    public static HeadlessChromium start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "Chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI browser = devToolsAddress(process);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + browser.getHost() + ":" + browser.getPort();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        URI pageSocket = URI.create(JSON.readTree(created.body()).path("webSocketDebuggerUrl").asText());
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(message -> self[0].received(message));
        WebSocket socket = http.newWebSocketBuilder().buildAsync(pageSocket, listener).join();
        self[0] = new HeadlessChromium(process, profile, socket);
        self[0].call("Page.enable", Map.of());
        return self[0];
    }

    /** Loads {@code file} in a viewport {@code width} CSS pixels wide, as a phone ({@code mobile}) or a desktop. */
    public void open(Path file, int width, boolean mobile) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900, "deviceScaleFactor", 1,
                "mobile", mobile));
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        events.put("Page.loadEventFired", loaded);
        call("Page.navigate", Map.of("url", file.toUri().toString()));
        loaded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression in the page, as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page, for a person to look at. */
    public void screenshot(Path png) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        page.sendText(message.toString(), true).join();
        JsonNode answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = replies.remove(message.path("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
            } else {
                CompletableFuture<JsonNode> waiting = events.remove(message.path("method").asText());
                if (waiting != null) {
                    waiting.complete(message.path("params"));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message: " + text, e);
        }
    }

    private static URI devToolsAddress(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                Thread drain = new Thread(() -> err.lines().forEach(ignored -> { }), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return URI.create(listening.group(1));
            }
        }
        throw new IOException("Chromium exited without opening its DevTools port");
    }

    @Override
    public void close() throws Exception {
        page.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Collects a message's fragments and hands each whole message on. */
    private static final class Listener implements WebSocket.Listener {

        private final java.util.function.Consumer<String> handler;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> handler) {
            this.handler = handler;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                handler.accept(message);
            }
            socket.request(1);
            return null;
        }
    }
}
