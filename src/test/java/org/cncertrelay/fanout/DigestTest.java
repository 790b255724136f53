package org.cncertrelay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly digest through the whole relay, mailed by a real SMTP server (GreenMail) or written to the outbox. */
class DigestTest {

    private static final List<String> SUBSCRIBERS = List.of("alice@example.org", "bob@example.net");
    private static final String SUBJECT_39 = "网络安全信息与动态周报摘要：2024年第39期";

    @TempDir
    Path dir;
    private int smtpPort;
    private GreenMail smtp;

    @BeforeEach
    void reservePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            smtpPort = probe.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    private Relay relayMailingSubscribers(PageServer pages) {
        return new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                .set("digest.to", String.join(", ", SUBSCRIBERS))
                .set("digest.from", "relay@example.org")
                .set("mail.host", "127.0.0.1")
                .set("mail.port", Integer.toString(smtpPort));
    }

    @Test
    void eachSubscriberGetsOneDigestOfTheAnnouncedIssueAndNeverTheBackfilledOnes() throws Exception {
        smtp.start();
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Files.writeString(archive.resolve("issue-38.md"), Issue.I38.snapshot());
        try (PageServer pages = new PageServer()) {
            Relay relay = relayMailingSubscribers(pages).set("reports.archive-dir", archive.toString())
                    .set("reports.urls", pages.serve(Issue.I29));

            // history only: issue 38 from the archive, issue 29 by --backfill; no digest has anything to say
            assertThat(relay.run("--backfill")).isZero();
            Relay.Run historyOnly = relay.runCapturing("--digest-now");
            assertThat(historyOnly.exitCode()).isZero();
            assertThat(historyOnly.out()).contains("No new issues");
            assertThat(relay.keys()).containsExactlyInAnyOrder("2024/29", "2024/38");
            assertThat(smtp.getReceivedMessages()).isEmpty();

            relay.set("reports.urls", pages.serve(Issue.I39));
            assertThat(relay.run("--once", "--digest-now")).isZero();

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(Arrays.stream(received).map(DigestTest::soleRecipient))
                    .containsExactlyInAnyOrderElementsOf(SUBSCRIBERS);
            for (MimeMessage message : received) {
                assertThat(message.getSubject()).isEqualTo(SUBJECT_39);
                assertThat(plainText(message)).contains("2024年第39期", "742 (较第38期 +319%)");
            }

            Relay.Run again = relay.runCapturing("--digest-now");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).contains("No new issues");
            assertThat(smtp.getReceivedMessages()).hasSize(2);
        }
    }

    @Test
    void withoutAMailServerTheDigestIsWrittenToTheOutbox() throws Exception {
        try (PageServer pages = new PageServer()) {
            Relay relay = new Relay(dir.resolve("data")).set("reports.urls", pages.serve(Issue.I39))
                    .set("digest.to", String.join(", ", SUBSCRIBERS));

            assertThat(relay.run("--once", "--digest-now")).isZero();

            List<String> files = relay.files("outbox");
            assertThat(files).hasSize(2).allSatisfy(name -> assertThat(name).endsWith(".eml"));
            for (String name : files) {
                MimeMessage message = read(relay.dataDir().resolve("outbox").resolve(name));
                assertThat(message.getSubject()).isEqualTo(SUBJECT_39);
                assertThat(plainText(message)).contains("2024年第39期", "742");
            }
            assertThat(files.stream().map(name -> SUBSCRIBERS.stream().filter(name::contains).count()))
                    .containsOnly(1L);

            assertThat(relay.run("--digest-now")).isZero();
            assertThat(relay.files("outbox")).isEqualTo(files);
        }
    }

    @Test
    void aDigestTheMailServerCouldNotTakeFailsTheRunAndIsSentOnceByALaterOne() throws Exception {
        try (PageServer pages = new PageServer()) {
            Relay relay = relayMailingSubscribers(pages);

            Relay.Run down = relay.runCapturing("--once", "--digest-now");
            assertThat(down.exitCode()).isNotZero();
            assertThat(down.out()).contains("pending");
            assertThat(relay.keys()).containsExactly("2024/39");

            smtp.start();
            assertThat(relay.run("--digest-now")).isZero();
            assertThat(relay.run("--digest-now")).isZero();

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(Arrays.stream(received).map(DigestTest::soleRecipient))
                    .containsExactlyInAnyOrderElementsOf(SUBSCRIBERS);
            assertThat(received).allSatisfy(message -> assertThat(message.getSubject()).isEqualTo(SUBJECT_39));
        }
    }

    private static String soleRecipient(MimeMessage message) {
        try {
            assertThat(message.getAllRecipients()).hasSize(1);
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The text/plain alternative, as a mail client without HTML shows it. */
    private static String plainText(MimeMessage message) throws Exception {
        Multipart alternative = (Multipart) message.getContent();
        assertThat(alternative.getBodyPart(0).isMimeType("text/plain")).isTrue();
        return (String) alternative.getBodyPart(0).getContent();
    }

    private static MimeMessage read(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
