package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.cncertrelay.RelayApplication;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A wrong webhook, sink or digest setting stops the relay before it does anything: exit code 2 and one line naming the
 * key, with the shipped settings file as with none.
 */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("webhook.ops.type", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "mattermost",
                        "webhook.ops.url", "https://chat.example.org/hooks/x"}),
                Arguments.of("webhook.ops.url", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "slack"}),
                Arguments.of("webhook.ops.url", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "slack", "webhook.ops.url", "hooks.slack.com/x"}),
                // the value's own ": " is not where the key ends
                Arguments.of("webhook.ops.rate-per-minute", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "slack",
                        "webhook.ops.url", "https://hooks.slack.com/services/T/B/x", "webhook.ops.rate-per-minute",
                        "every: 10s"}),
                Arguments.of("webhook.ops.rate-per-minute", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "slack",
                        "webhook.ops.url", "https://hooks.slack.com/services/T/B/x", "webhook.ops.rate-per-minute",
                        "2000000"}),
                Arguments.of("digest.to", new String[] {"digest.to", "alice@example.org, bob at example.net"}),
                Arguments.of("sink.kafka.route", new String[] {"sinks", "sql", "sink.kafka.route", "sink-kafka"}),
                Arguments.of("sinks", new String[] {"sinks", "my sink"}),
                // a sink and a chat target share the outbox, where the name tells them apart
                Arguments.of("sinks", new String[] {
                        "webhook.targets", "ops", "webhook.ops.type", "slack",
                        "webhook.ops.url", "https://hooks.slack.com/services/T/B/x", "sinks", "ops"}),
                // the CSV is the built-in sink csv: always on, its name taken
                Arguments.of("sinks", new String[] {"sinks", "sql, csv"}),
                Arguments.of("webhook.targets", new String[] {
                        "webhook.targets", "csv", "webhook.csv.type", "slack",
                        "webhook.csv.url", "https://hooks.slack.com/services/T/B/x"}),
                Arguments.of("sink.sql.route", new String[] {"sinks", "sql", "sink.sql.route", "sink sql"}),
                Arguments.of("relay.sinks-dir", new String[] {"sinks", "sql", "relay.sinks-dir", "/nonexistent/sinks"}),
                // the mailbox checks tokens, so it needs the secret
                Arguments.of("digest.imap.host", new String[] {"digest.imap.host", "imap.example.org"}),
                Arguments.of("digest.imap.bounce-limit", new String[] {"digest.imap.bounce-limit", "0"}),
                Arguments.of("digest.imap.poll-delay", new String[] {"digest.imap.poll-delay", "1s"}));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void withoutASettingsFile(String key, String[] settings) {
        assertStopsNaming(key, relay(settings).runCapturing("--once"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void withTheShippedSettingsFile(String key, String[] settings) {
        assertStopsNaming(key, relay(settings).runCapturing("--once", "--config", "config/application.properties"));
    }

    private Relay relay(String[] settings) {
        Relay relay = new Relay(dir.resolve("data"));
        for (int i = 0; i < settings.length; i += 2) {
            relay.set(settings[i], settings[i + 1]);
        }
        return relay;
    }

    private void assertStopsNaming(String key, Relay.Run run) {
        assertThat(run.exitCode()).isEqualTo(RelayApplication.EXIT_BAD_CONFIG);
        assertThat(run.err().strip()).doesNotContain("\n")
                .startsWith("cncert-relay: configuration error: " + key + ":");
        // stopped before doing anything: no state written
        assertThat(dir.resolve("data/records.jsonl")).doesNotExist();
    }
}
