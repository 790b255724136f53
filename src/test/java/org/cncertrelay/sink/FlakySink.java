package org.cncertrelay.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Header;

/**
 * A sink for tests' sink routes ({@code bean: beanType: org.cncertrelay.sink.FlakySink}), in the relay's own
 * process or a child: each delivery id fails its first {@code flaky.failures} attempts, then is written as one line
 * "{@code <delivery id> <event>}" to {@code <flaky.dir>/received}. Every attempt is counted in
 * {@code <flaky.dir>/attempts}, on disk, so the count goes on across a restart.
 */
public final class FlakySink {

    public synchronized void take(String body, @Header("RelayDeliveryId") String deliveryId,
                                  @Header("RelayEvent") String event) throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("flaky.dir"));
        int failures = Integer.getInteger("flaky.failures", 2);
        append(dir.resolve("attempts"), deliveryId);
        long attempts = Files.readAllLines(dir.resolve("attempts")).stream().filter(deliveryId::equals).count();
        if (attempts <= failures) {
            throw new IOException("flaky sink refuses attempt " + attempts + " of " + deliveryId);
        }
        if (!body.contains("\"delivery_id\":\"" + deliveryId + "\"")) {
            throw new IllegalStateException("body of another delivery: " + body);
        }
        Thread.sleep(Long.getLong("flaky.pause-ms", 20)); // a window for a kill between the write and the ledger's
        append(dir.resolve("received"), deliveryId + " " + event);
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
