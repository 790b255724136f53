package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cncertrelay.i18n.Messages;
import org.cncertrelay.report.Report;
import org.cncertrelay.subscribers.FileSubscriberList;
import org.cncertrelay.subscribers.Subscriber;
import org.cncertrelay.subscribers.SubscriberList;
import org.cncertrelay.subscribers.UnsubscribePage;
import org.cncertrelay.subscribers.UnsubscribeTokens;
import org.cncertrelay.testing.Reports;
import org.cncertrelay.testing.Waiting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest to the relay's own subscriber list, through a real SMTP server (GreenMail) and the real unsubscribe
 * page: each subscriber in their language with their own signed links, and an address that left one click ago gets
 * no further digest, also from a service started afresh (a restart, or on PostgreSQL another instance).
 */
class DigestUnsubscribeTest {

    private static final String PAGE = "https://relay.example.org/digest/unsubscribe";
    private static final String SECRET = "a-secret-for-the-test-digest-list";

    @TempDir
    Path dataDir;
    private int port;
    private GreenMail greenMail;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void createServer() throws Exception {
        port = Waiting.freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void stopServer() {
        greenMail.stop();
    }

    @Test
    void eachSubscriberGetsTheDigestInTheirLanguageWithTheirOwnUnsubscribeLinks() throws Exception {
        greenMail.start();
        subscribers().subscribe(new InternetAddress("Bob <bob@example.net>"), "en", "cli", Instant.now());

        newService().sendDigest(Reports.weeks38And39(), Reports.weeks38And39());

        MimeMessage alice = receivedBy("alice@example.org").get(0);
        MimeMessage bob = receivedBy("bob@example.net").get(0);
        assertThat(alice.getSubject()).isEqualTo("网络安全信息与动态周报摘要：2024年第38期 – 第39期");
        assertThat(bob.getSubject()).isEqualTo("CNCERT Weekly Security Bulletin digest: No. 38/2024 – No. 39");
        assertThat(bob.getHeader("To")[0]).isEqualTo("Bob <bob@example.net>");
        for (MimeMessage message : List.of(alice, bob)) {
            String address = ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
            String token = tokens().token(address);
            assertThat(message.getHeader("List-Unsubscribe", null).replaceAll("\\s+", " ")).isEqualTo("<" + PAGE
                    + "?token=" + token + ">, <mailto:unsubscribe@example.org?subject=unsubscribe%20" + token + ">");
            assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
            Multipart alternative = (Multipart) message.getContent();
            String text = (String) alternative.getBodyPart(0).getContent();
            String html = (String) ((Multipart) alternative.getBodyPart(1).getContent()).getBodyPart(0).getContent();
            assertThat(text).contains(PAGE + "?token=" + token).doesNotContain("unsubscribe.invalid");
            assertThat(html).contains("href=\"" + PAGE + "?token=" + token + "\"").doesNotContain("unsubscribe.invalid");
        }
        assertThat((String) ((Multipart) alice.getContent()).getBodyPart(0).getContent()).contains("退订：" + PAGE);
        assertThat((String) ((Multipart) bob.getContent()).getBodyPart(0).getContent()).contains("Unsubscribe: " + PAGE);
    }

    @Test
    void anAddressThatClickedUnsubscribeGetsNoFurtherDigestAfterARestart() throws Exception {
        greenMail.start();
        subscribers().subscribe(new InternetAddress("bob@example.net"), "en", "cli", Instant.now());
        List<Report> history = List.of(Reports.issue(38, 177).build(), Reports.issue(39, 742).build(),
                Reports.issue(40, 500).build());
        newService().sendDigest(history.subList(0, 1), history);
        String oneClick = receivedBy("alice@example.org").get(0).getHeader("List-Unsubscribe", null)
                .replaceAll("\\s+", " ").replaceAll("^<([^>]+)>.*$", "$1");

        try (UnsubscribePage page = UnsubscribePage.start(new InetSocketAddress("127.0.0.1", 0), tokens(),
                subscribers(), Messages.chinese(), Clock.systemUTC())) {
            // the reverse proxy's work: the public https address to the listener
            URI local = URI.create(oneClick.replace("https://relay.example.org", "http://127.0.0.1:" + page.port()));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(local)
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }

        DigestResult afterRestart = newService().sendDigest(history.subList(0, 2), history);
        DigestResult later = newService().sendDigest(history, history);

        assertThat(afterRestart.sentTo()).containsExactly("bob@example.net");
        assertThat(later.sentTo()).containsExactly("bob@example.net");
        assertThat(receivedBy("alice@example.org")).hasSize(1);
        assertThat(receivedBy("bob@example.net")).hasSize(3);
        Subscriber alice = subscribers().find("alice@example.org").orElseThrow();
        assertThat(alice.state()).as("digest.to still names her, and does not bring her back")
                .isEqualTo(Subscriber.State.UNSUBSCRIBED);
        assertThat(alice.how()).isEqualTo("one-click");
    }

    @Test
    void anAddressThatLeftWhileADigestWasPendingIsNotSentItsCopy() throws Exception {
        List<Report> history = Reports.weeks38And39();
        DigestResult pending = newService().sendDigest(history, history);
        assertThat(pending.status()).isEqualTo(DigestResult.Status.PENDING);

        subscribers().unsubscribe("ALICE@example.org", "cli", Instant.now());
        greenMail.start();
        DigestResult resumed = newService().sendDigest(history, history);

        assertThat(resumed.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(resumed.sentTo()).isEmpty();
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        assertThat(newService().sendDigest(history, history).status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
    }

    @Test
    void anAddressThatBouncesAtTheLimitGetsNoFurtherDigestUntilItSubscribesAgain() throws Exception {
        greenMail.start();
        subscribers().subscribe(new InternetAddress("bob@example.net"), "en", "cli", Instant.now());
        assertThat(subscribers().bounced("BOB@example.net", 2, Instant.now())).isEqualTo(1);
        assertThat(subscribers().find("bob@example.net").orElseThrow().active()).isTrue();
        assertThat(subscribers().bounced("bob@example.net", 2, Instant.now())).isEqualTo(2);
        Subscriber bouncing = subscribers().find("bob@example.net").orElseThrow();
        assertThat(bouncing.state()).isEqualTo(Subscriber.State.BOUNCING);
        assertThat(bouncing.how()).isEqualTo("bounces");
        assertThat(subscribers().bounced("bob@example.net", 2, Instant.now())).as("no longer active").isZero();
        assertThat(subscribers().bounced("nobody@example.net", 2, Instant.now())).isZero();

        DigestResult sent = newService().sendDigest(Reports.weeks38And39(), Reports.weeks38And39());
        assertThat(sent.sentTo()).containsExactly("alice@example.org");

        subscribers().subscribe(new InternetAddress("bob@example.net"), "en", "cli", Instant.now());
        assertThat(subscribers().bounced("bob@example.net", 2, Instant.now())).as("counted afresh").isEqualTo(1);
    }

    @Test
    void aSubscribeRequestIsAnsweredWithAMailWhoseReplyConfirmsIt() throws Exception {
        greenMail.start();
        assertThat(newService().sendConfirmation("carol@example.net", "en")).isTrue();

        MimeMessage confirmation = receivedBy("carol@example.net").get(0);
        assertThat(confirmation.getSubject()).startsWith("confirm ")
                .endsWith("(reply to confirm your subscription to the CNCERT bulletin digest)");
        assertThat(confirmation.getReplyTo()).extracting(address -> ((InternetAddress) address).getAddress())
                .containsExactly("unsubscribe@example.org");
        assertThat(confirmation.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat((String) confirmation.getContent()).contains("unsubscribe@example.org",
                confirmation.getSubject().split(" ")[1]);
        MimeMessage reply = new MimeMessage(confirmation.getSession());
        reply.setFrom(new InternetAddress("carol@example.net"));
        reply.setSubject("Re: " + confirmation.getSubject(), "UTF-8");
        reply.setText("yes");
        assertThat(new org.cncertrelay.subscribers.MailboxReader(tokens(), settings().listId()).read(reply))
                .singleElement().satisfies(request -> {
                    assertThat(request.kind()).isEqualTo(org.cncertrelay.subscribers.MailboxRequest.Kind.CONFIRM);
                    assertThat(request.address()).isEqualTo("carol@example.net");
                    assertThat(request.language()).isEqualTo("en");
                });
    }

    private List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
            try {
                return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress()
                        .equals(address);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    DigestSettings settings() {
        return DigestSettings.parse(Map.of(
                "digest.to", "alice@example.org",
                "digest.from", "relay@example.org",
                "digest.unsubscribe-url", PAGE,
                "digest.unsubscribe-secret", SECRET,
                "digest.unsubscribe-mailto", "unsubscribe@example.org",
                "mail.host", "127.0.0.1",
                "mail.port", Integer.toString(port)));
    }

    private UnsubscribeTokens tokens() {
        return settings().tokens().orElseThrow();
    }

    /** A service as after a restart: it knows only what its ledger and the subscriber list kept. */
    DigestService newService() {
        return new DigestService(settings(), dataDir);
    }

    /** The list as the command line or the unsubscribe page sees it, beside the services. */
    SubscriberList subscribers() {
        return new FileSubscriberList(dataDir);
    }
}
