package org.cncertrelay.cluster;

import static org.cncertrelay.testing.Waiting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.cncertrelay.RelayApplication;
import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.LocalPostgres;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.cncertrelay.webhook.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons on one PostgreSQL database, each in its own JVM: the clustered Quartz job store runs each poll and
 * each digest on one of them; when the one polling is killed (SIGKILL) in the middle of a poll, the other takes
 * over; every issue is recorded once, delivered to the webhook once, and mailed in one digest.
 */
class ClusterTest {

    private static final int NEW_ISSUES = 12;
    private static final Pattern POLL_LINE = Pattern.compile(
            "^(\\S+ \\S+) INFO Crawl - Poll (started|finished)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private final List<Process> instances = new ArrayList<>();
    private PageServer pages;
    private Receiver hook;
    private GreenMail mail;

    @AfterEach
    void stop() {
        instances.forEach(Process::destroyForcibly);
        if (pages != null) {
            pages.close();
        }
        if (hook != null) {
            hook.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void twoInstancesShareTheWorkAndTheSurvivorFinishesWhatTheKilledOneStarted() throws Exception {
        String jdbcUrl = LocalPostgres.get().newDatabase();
        List<Issue> issues = newIssues();
        String feed = servePages(issues, Duration.ofMillis(500));
        hook = new Receiver((request, call) -> Receiver.Reply.of(200, "{}"));
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();

        // the five sample issues, recorded without announcement: every issue after 2024年第45期 is news
        Map<String, String> backfill = new HashMap<>(common(jdbcUrl, dir.resolve("setup")));
        backfill.put("reports.archive-dir", "src/test/resources/fixtures/seeds");
        assertThat(RelayApplication.run(new String[] {"--backfill", "--config",
                Relay.NO_CONFIG.toString()}, backfill, Map.of()))
                .isZero();

        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = launch(jdbcUrl, feed, dir.resolve("a"), logA);
        Process b = launch(jdbcUrl, feed, dir.resolve("b"), logB);

        awaitTrue(Duration.ofSeconds(60), () -> newRecords(jdbcUrl) >= 3, "three issues recorded");
        Process polling = isPolling(logA) ? a : isPolling(logB) ? b : null;
        assertThat(polling).as("an instance is in the middle of a poll").isNotNull();
        polling.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant killedAt = Instant.now();
        Path survivorLog = polling == a ? logB : logA;

        awaitTrue(Duration.ofSeconds(60), () -> newRecords(jdbcUrl) == NEW_ISSUES,
                "the survivor records the rest within a minute");
        assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(60));
        awaitTrue(Duration.ofSeconds(60), () -> deliveryIds().size() == NEW_ISSUES, "every issue delivered");
        awaitTrue(Duration.ofSeconds(60), () -> mail.getReceivedMessages().length >= 2, "a digest mailed");
        Thread.sleep(6_000); // more poll and digest firings: nothing may be repeated

        assertThat(hook.requests()).as("each issue reached the webhook exactly once").hasSize(NEW_ISSUES);
        assertThat(deliveryIds()).hasSize(NEW_ISSUES);
        MimeMessage[] digests = mail.getReceivedMessages();
        assertThat(digests).as("one digest, one copy per subscriber").hasSize(2);
        assertThat(recipients(digests)).containsExactlyInAnyOrder("a@example.org", "b@example.org");
        assertThat(digests[0].getSubject()).contains("2024年第46期").contains("2025年第5期");
        String pollLog = "A:\n" + pollLines(Files.readString(logA)) + "B:\n" + pollLines(Files.readString(logB));
        assertThat(pollsNeverOverlap(Files.readString(logA), Files.readString(logB), killedAt)).as(pollLog).isTrue();
        assertThat(Files.readString(survivorLog)).contains("Poll finished");
    }

    /** 2024年第46期 (the week of 2024-11-11) and the weeks after it, into 2025. */
    private static List<Issue> newIssues() {
        List<Issue> issues = new ArrayList<>();
        for (int i = 0; i < NEW_ISSUES; i++) {
            int number = 46 + i;
            issues.add(number <= 52 ? Issue.madeUp(2024, number) : Issue.madeUp(2025, number - 52));
        }
        return issues;
    }

    /** Serves a link-only feed of the issues (newest first) and their slow pages; returns the feed's URL. */
    private String servePages(List<Issue> issues, Duration delay) throws IOException {
        pages = new PageServer();
        StringBuilder items = new StringBuilder();
        for (int i = issues.size() - 1; i >= 0; i--) {
            Issue issue = issues.get(i);
            items.append(Issue.linkItem(issue.title(), issue.url(pages.base())));
            pages.route(issue.mid(), PageServer.slow(delay, PageServer.html(issue.html())));
        }
        return pages.serveFeed("/feed.xml", Issue.rss(items.toString()));
    }

    private Map<String, String> common(String jdbcUrl, Path dataDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("relay.store", "postgres");
        settings.put("relay.jdbc.url", jdbcUrl);
        settings.put("relay.jdbc.user", "postgres");
        settings.put("relay.data-dir", dataDir.toString());
        settings.put("reports.request-delay", "0s");
        settings.put("reports.allowed-hosts", "127.0.0.1");
        settings.put("webhook.targets", "hook");
        settings.put("webhook.hook.type", "generic");
        settings.put("webhook.hook.url", hook.url("/hook"));
        settings.put("webhook.hook.rate-per-minute", "600");
        settings.put("digest.to", "a@example.org,b@example.org");
        settings.put("digest.from", "relay@example.org");
        settings.put("mail.host", "127.0.0.1");
        settings.put("mail.port", Integer.toString(mail.getSmtp().getPort()));
        return settings;
    }

    private Process launch(String jdbcUrl, String feed, Path dataDir, Path log) throws IOException {
        Map<String, String> settings = common(jdbcUrl, dataDir);
        settings.put("reports.feeds", feed);
        settings.put("reports.poll-cron", "0/3 * * * * ?");
        settings.put("digest.cron", "0/4 * * * * ?");
        settings.put("relay.cluster.checkin-interval", "2s");
        settings.put("relay.management.enabled", "false");
        Process process = ChildRelay.start(settings, log);
        instances.add(process);
        return process;
    }

    private static boolean isPolling(Path log) throws IOException {
        Matcher line = POLL_LINE.matcher(Files.readString(log));
        String last = null;
        while (line.find()) {
            last = line.group(2);
        }
        return "started".equals(last);
    }

    /**
     * The polls of the two instances, as time intervals, never intersect: each poll ran on one instance. The
     * killed instance's last poll never finished: it ended when the instance was killed.
     */
    private static boolean pollsNeverOverlap(String logA, String logB, Instant killedAt) {
        List<Instant[]> a = polls(logA, killedAt);
        for (Instant[] other : polls(logB, killedAt)) {
            for (Instant[] mine : a) {
                if (mine[0].isBefore(other[1]) && other[0].isBefore(mine[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String pollLines(String log) {
        StringBuilder lines = new StringBuilder();
        Matcher line = POLL_LINE.matcher(log);
        while (line.find()) {
            lines.append(line.group()).append('\n');
        }
        return lines.toString();
    }

    private static List<Instant[]> polls(String log, Instant killedAt) {
        List<Instant[]> polls = new ArrayList<>();
        Matcher line = POLL_LINE.matcher(log);
        Instant started = null;
        while (line.find()) {
            Instant at = java.time.OffsetDateTime.parse(line.group(1).replace(' ', 'T').replaceFirst(
                    "([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
            if (line.group(2).equals("started")) {
                started = at;
            } else if (started != null) {
                polls.add(new Instant[] {started, at});
                started = null;
            }
        }
        if (started != null) {
            polls.add(new Instant[] {started, killedAt});
        }
        return polls;
    }

    private List<String> deliveryIds() {
        return hook.requests().stream().map(request -> request.json().path("delivery_id").asText()).distinct()
                .toList();
    }

    private static List<String> recipients(MimeMessage[] messages) throws Exception {
        List<String> to = new ArrayList<>();
        for (MimeMessage message : messages) {
            for (var address : message.getRecipients(Message.RecipientType.TO)) {
                to.add(address.toString());
            }
        }
        return to;
    }

    private static int newRecords(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM relay_records WHERE year * 100 + issue > 202445")) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
