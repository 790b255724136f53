package org.cncertrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong database setting stops the start within the connect timeout, with one line that names the setting and
 * the server's reason, and exit code 2 — like every other configuration error.
 */
class DatabaseStartupTest {

    @TempDir
    Path dir;

    @Test
    void aWrongPasswordNamesRelayJdbcPassword() {
        LocalPostgres postgres = LocalPostgres.get();
        assertRefused(relay(postgres.newDatabase()).set("relay.jdbc.user", LocalPostgres.PASSWORD_USER)
                .set("relay.jdbc.password", "not-the-password"), "relay.jdbc.password", "password authentication failed");
    }

    @Test
    void anUnknownUserNamesRelayJdbcUser() {
        assertRefused(relay(LocalPostgres.get().newDatabase()).set("relay.jdbc.user", "nobody_here"),
                "relay.jdbc.user", "role \"nobody_here\" does not exist");
    }

    @Test
    void aMissingDatabaseNamesRelayJdbcUrl() {
        assertRefused(relay(LocalPostgres.get().url("no_such_database")), "relay.jdbc.url", "does not exist");
    }

    @Test
    void aClosedPortNamesRelayJdbcUrl() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertRefused(relay("jdbc:postgresql://127.0.0.1:" + closed + "/relay"), "relay.jdbc.url", "refused");
    }

    @Test
    void printConfigNeedsNoDatabaseAndMasksOnlyThePassword() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/relay?password=in-the-url";
        Relay.Run run = relay(url).set("relay.jdbc.password", "s3cret").runCapturing("--print-config");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("relay.jdbc.url = jdbc:postgresql://127.0.0.1:" + closed + "/relay?password=****",
                "relay.jdbc.password = ****").doesNotContain("s3cret", "in-the-url");
    }

    @Test
    void aBadClusterSettingIsCheckedBeforeTheDatabase() {
        Relay.Run run = relay("jdbc:postgresql://127.0.0.1:1/relay").set("relay.cluster.checkin-interval", "abc")
                .once();
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.err()).startsWith("cncert-relay: configuration error: relay.cluster.checkin-interval:");
        assertThat(run.err().lines().toList()).hasSize(1);
    }

    @Test
    void theRightPasswordStarts() {
        LocalPostgres postgres = LocalPostgres.get();
        Relay.Run run = relay(postgres.newDatabase()).set("relay.jdbc.user", LocalPostgres.PASSWORD_USER)
                .set("relay.jdbc.password", LocalPostgres.PASSWORD).once();
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    private Relay relay(String jdbcUrl) {
        return new Relay(dir.resolve("data")).set("relay.store", "postgres").set("relay.jdbc.url", jdbcUrl)
                .set("relay.jdbc.user", "postgres").set("relay.jdbc.connect-timeout", "3s");
    }

    private static void assertRefused(Relay relay, String key, String reason) {
        long started = System.nanoTime();
        Relay.Run run = relay.once();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.err().lines().toList()).as(run.output()).hasSize(1);
        assertThat(run.err()).startsWith("cncert-relay: configuration error: " + key + ":").contains(reason);
        assertThat(run.output()).doesNotContain("\tat ");
        assertThat(took).as("refused within the connect timeout").isLessThan(Duration.ofSeconds(8));
    }
}
