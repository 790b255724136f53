package org.cncertrelay.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Header;
import org.cncertrelay.testing.Relay;

/**
 * A sink for tests' sink routes ({@code bean: beanType: org.cncertrelay.sink.FlakySink}), in the relay's own
 * process or a child: each delivery id fails its first {@code flaky.failures} attempts, then is written as one line
 * "{@code <delivery id> <event>}" to {@code <flaky.dir>/received}. Every attempt is counted in
 * {@code <flaky.dir>/attempts}, on disk, so the count goes on across a restart.
 */
public final class FlakySink {

    /**
     * Gives {@code relay} a record sink {@code name} taken by this class: its route file in {@code sinksDir}, what it
     * takes written to {@code dir}, each delivery failing its first {@code failures} attempts. The settings reach this
     * JVM as system properties and a child relay as {@code -D}.
     */
    public static Relay wiredInto(Relay relay, String name, Path sinksDir, Path dir, int failures) throws IOException {
        Files.createDirectories(sinksDir);
        Files.writeString(sinksDir.resolve(name + ".camel.yaml"), """
                - route:
                    id: sink-%1$s
                    routeConfigurationId: relay-errors
                    from:
                      uri: direct:sink-%1$s
                      steps:
                        - bean:
                            id: %1$s-take
                            beanType: org.cncertrelay.sink.FlakySink
                            method: take
                """.formatted(name));
        System.setProperty("flaky.dir", dir.toString());
        System.setProperty("flaky.failures", Integer.toString(failures));
        return relay.set("relay.sinks-dir", sinksDir.toString()).set("sinks", name)
                .set("flaky.dir", dir.toString()).set("flaky.failures", Integer.toString(failures));
    }

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
