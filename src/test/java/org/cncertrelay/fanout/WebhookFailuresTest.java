package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the relay behaves, and what it says, when a chat target fails. */
class WebhookFailuresTest {

    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+\\+\\d{4} ");

    @TempDir
    Path dir;

    @Test
    void eachFailedAttemptIsOneLogLine() throws Exception {
        try (PageServer pages = new PageServer()) {
            Receiver gone = new Receiver((request, call) -> Receiver.Reply.of(200, ""));
            String refusing = gone.url("/hook");
            gone.close(); // nothing listens there any more: connection refused
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("hook", "generic", refusing)
                    .set("webhook.retry.max-attempts", "6");

            Relay.Run run = relay.once();

            assertThat(run.exitCode()).isZero();
            assertThat(relay.files("dead-letters")).containsExactly("webhook-2024-39.hook.json");
            // Camel's error handler used to add ~60 lines (message history, stack trace) to each attempt's WARN
            assertThat(run.lines()).as(run.output()).allMatch(line -> LOG_LINE.matcher(line).lookingAt());
            assertThat(run.lines().stream().filter(line -> line.contains(" to hook ") || line.contains(" for hook ")))
                    .as(run.output()).hasSize(6);
        }
    }

    @Test
    void aReceiverThatReadsTheRequestAndResetsGetsItAtMostOnceMore() throws Exception {
        try (PageServer pages = new PageServer(); ReadsThenResets receiver = new ReadsThenResets()) {
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .target("hook", "generic", receiver.url())
                    .set("webhook.retry.max-attempts", "6");

            Relay.Run run = relay.once();

            assertThat(run.exitCode()).isZero();
            // the reset comes after the receiver read the request, so it may have it: one resend, not five
            assertThat(receiver.deliveryIds()).containsExactly("2024-39.hook", "2024-39.hook");
            assertThat(relay.files("dead-letters")).containsExactly("webhook-2024-39.hook.json");
            assertThat(Files.readString(relay.dataDir().resolve("dead-letters/webhook-2024-39.hook.json")))
                    .contains("not sent again as the receiver may have it");
        }
    }

    /** A receiver that reads each request whole, then resets the connection instead of answering. */
    private static final class ReadsThenResets implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> deliveryIds = new CopyOnWriteArrayList<>();

        ReadsThenResets() throws IOException {
            Thread thread = new Thread(this::serve, "reads-then-resets");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
        }

        List<String> deliveryIds() {
            return List.copyOf(deliveryIds);
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    deliveryIds.add(readRequest(connection.getInputStream()));
                    connection.setSoLinger(true, 0); // closing now sends a reset
                } catch (IOException e) {
                    // closed
                }
            }
        }

        /** Reads the head and the Content-Length body; returns the X-Relay-Delivery header. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("request ended in its head");
                }
                head.write(next);
            }
            String deliveryId = null;
            int length = 0;
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                } else if (lower.startsWith("x-relay-delivery:")) {
                    deliveryId = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            in.readNBytes(length);
            return deliveryId;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
