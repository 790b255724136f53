package org.cncertrelay.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cncertrelay.testing.Waiting.awaitTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cncertrelay.testing.ChildRelay;
import org.cncertrelay.testing.Waiting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest's mailbox read by a real daemon from a real IMAP server (GreenMail), answers through its SMTP server:
 * a mailto unsubscribe, a subscribe request confirmed by replying to the mail it brings, hard bounces up to the
 * limit, a forged token; every mail marked read once handled.
 */
class MailboxTest {

    private static final String SECRET = "a-secret-for-the-mailbox-daemon-test";
    private static final String MAILBOX = "unsubscribe@example.org";

    @TempDir
    Path dir;
    private GreenMail greenMail;
    private Process daemon;

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void theDaemonDoesWhatTheMailsInTheMailboxAsk() throws Exception {
        int smtpPort = Waiting.freePort();
        int imapPort = Waiting.freePort();
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        GreenMailUser mailbox = greenMail.setUser(MAILBOX, MAILBOX, "mailbox-password");
        Path data = dir.resolve("data");
        SubscriberList list = new FileSubscriberList(data);
        list.subscribe(new InternetAddress("alice@example.org"), "zh-CN", "cli", Instant.now());
        list.subscribe(new InternetAddress("bob@example.net"), "en", "cli", Instant.now());

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("relay.data-dir", data.toString());
        settings.put("relay.management.port", Integer.toString(Waiting.freePort()));
        settings.put("relay.shutdown-timeout", "5s");
        settings.put("digest.to", "alice@example.org");
        settings.put("digest.from", "relay@example.org");
        settings.put("digest.unsubscribe-url", "https://relay.example.org/unsubscribe");
        settings.put("digest.unsubscribe-secret", SECRET);
        settings.put("digest.unsubscribe-mailto", MAILBOX);
        settings.put("mail.host", "127.0.0.1");
        settings.put("mail.port", Integer.toString(smtpPort));
        settings.put("digest.imap.host", "127.0.0.1");
        settings.put("digest.imap.port", Integer.toString(imapPort));
        settings.put("digest.imap.ssl", "false");
        settings.put("digest.imap.username", MAILBOX);
        settings.put("digest.imap.password", "mailbox-password");
        settings.put("digest.imap.poll-delay", "10s");
        settings.put("digest.imap.bounce-limit", "2");
        Path log = dir.resolve("daemon.log");
        daemon = ChildRelay.start(settings, log);
        // the mail server is down at first: one line says so, not a stack trace per poll
        awaitLogged(log, () -> read(log).contains("cannot be read"), "the line saying the mailbox cannot be read");
        greenMail.start();

        // the list id of a digest from relay@example.org
        UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET, MailboxReaderTest.LIST_ID,
                URI.create("https://relay.example.org/unsubscribe"));
        mailbox.deliver(MailboxReaderTest.mail("alice@example.org", "unsubscribe "
                + tokens.token("alice@example.org")));
        mailbox.deliver(MailboxReaderTest.mail("Carol <carol@example.net>", "subscribe en"));
        mailbox.deliver(MailboxReaderTest.mail("mallory@example.net", "unsubscribe " + forged(tokens.token(
                "bob@example.net"))));
        mailbox.deliver(MailboxReaderTest.bounce("bob@example.net", "failed", "5.1.1", MailboxReaderTest.LIST_ID));
        mailbox.deliver(MailboxReaderTest.bounce("bob@example.net", "failed", "5.2.1", MailboxReaderTest.LIST_ID));

        awaitLogged(log, () -> !receivedBy("carol@example.net").isEmpty(), "the mail asking Carol to confirm");
        MimeMessage confirmation = receivedBy("carol@example.net").get(0);
        mailbox.deliver(MailboxReaderTest.mail("carol@example.net", "Re: " + confirmation.getSubject()));
        awaitLogged(log, () -> list.find("carol@example.net").filter(Subscriber::active).isPresent(),
                "Carol subscribed by her reply");

        assertThat(list.find("carol@example.net").orElseThrow()).satisfies(carol -> {
            assertThat(carol.language()).isEqualTo("en");
            assertThat(carol.how()).isEqualTo("mailto");
        });
        assertThat(list.find("alice@example.org").orElseThrow()).satisfies(alice -> {
            assertThat(alice.state()).isEqualTo(Subscriber.State.UNSUBSCRIBED);
            assertThat(alice.how()).isEqualTo("mailto");
        });
        assertThat(list.find("bob@example.net").orElseThrow().state()).as("two hard bounces, the forged "
                + "unsubscribe ignored").isEqualTo(Subscriber.State.BOUNCING);
        awaitTrue(Duration.ofSeconds(30), () -> unread(mailbox) == 0, "every mail marked read");
        String output = read(log);
        assertThat(output.lines().filter(line -> line.contains("cannot be read"))).singleElement().asString()
                .contains("Mailbox imap://127.0.0.1:" + imapPort + "/INBOX cannot be read: Connection refused");
        assertThat(output).contains("Mailbox imap://127.0.0.1:" + imapPort + "/INBOX can be read again");
        assertThat(output).contains("Mailbox: unsubscribed alice@example.org (mailto)",
                "Mailbox: carol@example.net asked to subscribe (en); asked it to confirm",
                "Mailbox: subscribed carol@example.net (en), confirmed by mail",
                "Mailbox: a mail ignored: unsubscribe without a valid token",
                "Mailbox: bob@example.net bounced 2 times (last 5.2.1)");
        assertThat(output).doesNotContain("mailbox-password").doesNotContain("\tat ");
        assertThat(daemon.isAlive()).isTrue();
    }

    private static void awaitLogged(Path log, java.util.function.BooleanSupplier condition, String what)
            throws Exception {
        try {
            awaitTrue(Duration.ofSeconds(90), condition, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(log), e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The token with one character of its signature changed. */
    private static String forged(String token) {
        int at = token.indexOf('.') + 1;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    private List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
            try {
                return message.getRecipients(Message.RecipientType.TO) != null
                        && ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress()
                        .equals(address);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private long unread(GreenMailUser user) {
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                    .filter(message -> !message.getFlags().contains(Flags.Flag.SEEN)).count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
