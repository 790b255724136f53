package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digest sent through a real SMTP server (GreenMail) and read back as its subscribers would. */
class DigestServiceTest {

    private static final List<String> SUBSCRIBERS = List.of("alice@example.org", "bob@example.net");

    @TempDir
    Path dataDir;
    private int port;
    private GreenMail greenMail;

    @BeforeEach
    void createServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void stopServer() {
        greenMail.stop();
    }

    @Test
    void sendsEachSubscriberAMultipartMessageWithTheNumbersAndAnEmbeddedChart() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();

        DigestResult result = service().sendDigest(List.of(history.get(1)), history);

        assertThat(result.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(result.issues()).containsExactly(new ReportKey(2024, 39));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(Arrays.stream(received).map(this::soleRecipient)).containsExactlyInAnyOrderElementsOf(SUBSCRIBERS);
        for (MimeMessage message : received) {
            assertThat(message.getSubject()).isEqualTo("网络安全信息与动态周报摘要：2024年第39期");
            assertThat(message.getHeader("List-Unsubscribe")).containsExactly("<https://example.org/unsubscribe>");
            assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
            assertThat(message.getMessageID()).isNotBlank();
            assertThat(message.getSentDate()).isNotNull();
            assertStructure(message);
        }
        assertThat(received[0].getMessageID()).isNotEqualTo(received[1].getMessageID());
    }

    @Test
    void neverSendsADigestTwiceAcrossARestart() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();
        service().sendDigest(history, history);

        DigestResult again = service().sendDigest(history, history);

        assertThat(again.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aNewIssueAfterARestartGoesIntoTheNextDigestAlone() throws Exception {
        greenMail.start();
        List<Report> history = Reports.weeks38And39();
        service().sendDigest(history.subList(0, 1), history.subList(0, 1));

        DigestResult next = service().sendDigest(history, history);

        assertThat(next.issues()).containsExactly(new ReportKey(2024, 39));
        assertThat(greenMail.getReceivedMessages()).hasSize(4);
        assertThat(greenMail.getReceivedMessages()[3].getSubject()).endsWith("2024年第39期");
    }

    @Test
    void nothingNewSendsNothing() {
        greenMail.start();

        DigestResult result = service().sendDigest(List.of(), Reports.weeks38And39());

        assertThat(result.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(result.summary()).contains("No new issues since the last digest");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void keepsTheDigestPendingWhileTheServerIsDownAndSendsItOnceWhenItIsBack() {
        List<Report> history = Reports.weeks38And39();

        DigestResult down = service().sendDigest(history, history);

        assertThat(down.status()).isEqualTo(DigestResult.Status.PENDING);
        assertThat(down.sentTo()).isEmpty();
        assertThat(down.summary()).contains("retried on the next run");

        greenMail.start();
        DigestResult back = service().sendDigest(history, history);
        DigestResult after = service().sendDigest(history, history);

        assertThat(back.status()).isEqualTo(DigestResult.Status.SENT);
        assertThat(back.sentTo()).hasSize(2);
        assertThat(after.status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    /** A service as after a restart: it knows only what its ledger kept. */
    private DigestService service() {
        return newService(DigestSettings.parse(Map.of(
                "digest.to", String.join(",", SUBSCRIBERS),
                "digest.from", "relay@example.org",
                "digest.unsubscribe-url", "https://example.org/unsubscribe",
                "mail.host", "127.0.0.1",
                "mail.port", Integer.toString(port))));
    }

    /** Overridden to run these tests on another ledger. */
    DigestService newService(DigestSettings settings) {
        return new DigestService(settings, dataDir);
    }

    private String soleRecipient(MimeMessage message) {
        try {
            assertThat(message.getAllRecipients()).hasSize(1);
            assertThat(message.getHeader("To")).hasSize(1);
            return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What mail clients and filters read first: a named sender, an automatic list mail, the address in brackets. */
    private static void assertHeaders(MimeMessage message) throws Exception {
        assertThat(message.getHeader("From")[0]).contains("<").endsWith(">");
        assertThat(((jakarta.mail.internet.InternetAddress) message.getFrom()[0]).getPersonal()).isNotBlank();
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getHeader("List-Id")[0]).endsWith("<cncert-digest.example.org>");
        assertThat(message.getHeader("To")[0]).startsWith("<").endsWith(">");
    }

    /** multipart/alternative(text/plain, multipart/related(text/html, image/png inline by Content-ID)). */
    private static void assertStructure(MimeMessage message) throws Exception {
        assertHeaders(message);
        assertThat(message.isMimeType("multipart/alternative")).isTrue();
        Multipart alternative = (Multipart) message.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);

        Part text = alternative.getBodyPart(0);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(text.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent()).contains("742 (较第38期 +319%)", "2024年第39期", "良");

        Part relatedPart = alternative.getBodyPart(1);
        assertThat(relatedPart.isMimeType("multipart/related")).isTrue();
        assertThat(relatedPart.getContentType()).contains("type=\"text/html\"");
        Multipart related = (Multipart) relatedPart.getContent();
        Part html = related.getBodyPart(0);
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContentType()).containsIgnoringCase("charset=UTF-8");

        Part chart = related.getBodyPart(1);
        assertThat(chart.isMimeType("image/png")).isTrue();
        assertThat(chart.getDisposition()).isEqualTo(Part.INLINE);
        String contentId = chart.getHeader("Content-ID")[0];
        assertThat(contentId).startsWith("<").endsWith(">");
        assertThat((String) html.getContent()).contains(">742</b>", "较第38期 +319%")
                .contains("src=\"cid:" + contentId.substring(1, contentId.length() - 1) + "\"");
        BufferedImage png = ImageIO.read(chart.getInputStream());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(TrendChart.WIDTH);
    }
}
