package org.cncertrelay.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.cncertrelay.subscribers.MailboxRequest.Kind;
import org.junit.jupiter.api.Test;

/** What the mails in the digest's mailbox ask, read from real MIME text as mail clients and mail servers send it. */
class MailboxReaderTest {

    static final String LIST_ID = "cncert-digest.example.org";
    static final UnsubscribeTokens TOKENS = new UnsubscribeTokens("a-secret-for-the-mailbox-tests",
            LIST_ID, URI.create("https://relay.example.org/unsubscribe"));
    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailboxReader reader = new MailboxReader(TOKENS, LIST_ID);

    @Test
    void unsubscribeWithTheTokenOfTheMailtoLink() throws Exception {
        assertThat(reader.read(mail("alice@example.org", "unsubscribe " + TOKENS.token("Alice@Example.org"))))
                .containsExactly(new MailboxRequest(Kind.UNSUBSCRIBE, "alice@example.org", "", "mailto"));
        // whoever sends it: the token says whom it concerns, and only the relay can make one
        assertThat(reader.read(mail("someone@else.example", "退订 " + TOKENS.token("alice@example.org"))))
                .extracting(MailboxRequest::kind, MailboxRequest::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.UNSUBSCRIBE, "alice@example.org"));
    }

    @Test
    void forgedMissingAndCrossedTokensAreIgnored() throws Exception {
        String token = TOKENS.token("alice@example.org");
        String forged = token.substring(0, token.indexOf('.') + 1) + "AAAA" + token.substring(token.indexOf('.') + 5);
        UnsubscribeTokens otherList = new UnsubscribeTokens("a-secret-for-the-mailbox-tests", "other.example.org",
                URI.create("https://relay.example.org/unsubscribe"));
        for (String subject : List.of("unsubscribe", "unsubscribe " + forged,
                "unsubscribe " + otherList.token("alice@example.org"),
                // a confirm token is not an unsubscribe token, nor the reverse
                "unsubscribe " + TOKENS.subscribeToken("alice@example.org", "en"), "confirm " + token)) {
            assertThat(reader.read(mail("mallory@example.net", subject))).as(subject).singleElement()
                    .extracting(MailboxRequest::kind).isEqualTo(Kind.IGNORED);
        }
    }

    @Test
    void subscribeFromTheSenderInTheLanguageAskedThenConfirmByReply() throws Exception {
        assertThat(reader.read(mail("Carol <Carol@Example.net>", "subscribe en"))).containsExactly(
                new MailboxRequest(Kind.SUBSCRIBE, "carol@example.net", "en", "mailto"));
        assertThat(reader.read(mail("dave@example.net", "订阅"))).containsExactly(
                new MailboxRequest(Kind.SUBSCRIBE, "dave@example.net", "", "mailto"));
        String confirm = "confirm " + TOKENS.subscribeToken("carol@example.net", "en")
                + " (reply to confirm your subscription)";
        for (String reply : List.of("Re: " + confirm, "RE: Re:" + confirm, "回复：" + confirm, "Fwd: " + confirm)) {
            assertThat(reader.read(mail("carol@example.net", reply))).as(reply).containsExactly(
                    new MailboxRequest(Kind.CONFIRM, "carol@example.net", "en", "mailto"));
        }
    }

    @Test
    void otherMailIsIgnoredWithItsSubject() throws Exception {
        assertThat(reader.read(mail("bob@example.net", "Out of office\r\n until Monday"))).singleElement()
                .satisfies(request -> {
                    assertThat(request.kind()).isEqualTo(Kind.IGNORED);
                    assertThat(request.detail()).isEqualTo("not a request (subject \"Out of office until Monday\")");
                });
    }

    @Test
    void aHardBounceOfTheDigestCountsForItsRecipient() throws Exception {
        assertThat(reader.read(bounce("bob@example.net", "failed", "5.1.1", LIST_ID))).containsExactly(
                new MailboxRequest(Kind.BOUNCE, "bob@example.net", "", "5.1.1"));
    }

    @Test
    void softBouncesAndBouncesOfOtherMailDoNotCount() throws Exception {
        assertThat(reader.read(bounce("bob@example.net", "delayed", "4.2.2", LIST_ID))).singleElement()
                .extracting(MailboxRequest::kind).isEqualTo(Kind.IGNORED);
        assertThat(reader.read(bounce("bob@example.net", "failed", "5.1.1", "other-list.example.org")))
                .singleElement().satisfies(request -> assertThat(request.detail())
                        .isEqualTo("a bounce of a message that is not this list's digest"));
    }

    static MimeMessage mail(String from, String subject) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(MimeMessage.RecipientType.TO, "unsubscribe@example.org");
        message.setSubject(subject, "UTF-8");
        message.setText("");
        message.saveChanges();
        return message;
    }

    /** A delivery status notification as Postfix sends one, returning the digest's headers. */
    static MimeMessage bounce(String recipient, String action, String status, String listId) throws Exception {
        String text = String.join("\r\n",
                "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)",
                "To: relay@example.org",
                "Subject: Undelivered Mail Returned to Sender",
                "Auto-Submitted: auto-replied",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"",
                "",
                "--B",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "I'm sorry to have to inform you that your message could not be delivered.",
                "",
                "--B",
                "Content-Type: message/delivery-status",
                "",
                "Reporting-MTA: dns; mx.example.net",
                "Arrival-Date: Mon, 2 Dec 2024 09:00:01 +0800",
                "",
                "Final-Recipient: rfc822; " + recipient,
                "Original-Recipient: rfc822;" + recipient,
                "Action: " + action,
                "Status: " + status,
                "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected",
                "",
                "--B",
                "Content-Type: text/rfc822-headers",
                "",
                "From: =?UTF-8?B?572R57uc5a6J5YWo5ZGo5oql5pGY6KaB?= <relay@example.org>",
                "To: <" + recipient + ">",
                "Subject: digest",
                "List-Id: <" + listId + ">",
                "",
                "--B--",
                "");
        return new MimeMessage(SESSION, new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
