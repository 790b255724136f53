package org.cncertrelay.digest;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.cncertrelay.i18n.Messages;

/**
 * Builds the digest's MIME message in two steps: a template shared by all subscribers (stored with the ledger, so
 * a digest resumed after a crash is byte for byte the one that was prepared), then one copy per subscriber with
 * only that subscriber in {@code To}.
 *
 * <pre>
 * multipart/alternative
 * ├── text/plain; charset=UTF-8
 * └── multipart/related
 *     ├── text/html; charset=UTF-8   (&lt;img src="cid:trend-chart@cncert-relay"&gt;)
 *     └── image/png, inline, Content-ID &lt;trend-chart@cncert-relay&gt;
 * </pre>
 */
final class DigestMail {

    static final String CHART_CONTENT_ID = "trend-chart@cncert-relay";
    private static final Session SESSION = Session.getInstance(new Properties());

    private DigestMail() {
    }

    /**
     * The message without recipients, as bytes to store. A sender without a display name gets the digest's own
     * (spam filters and readers trust a named sender more); the headers say it is an automatic list mail, so
     * vacation responders stay silent (Auto-Submitted, RFC 3834) and clients can file and mute it (List-Id,
     * RFC 2919).
     */
    static byte[] template(DigestContent content, InternetAddress from, Messages messages) {
        try {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content.text(), "UTF-8", "plain");

            MimeBodyPart html = new MimeBodyPart();
            html.setText(content.html(), "UTF-8", "html");
            MimeBodyPart chart = new MimeBodyPart();
            chart.setDataHandler(new DataHandler(new ByteArrayDataSource(content.chartPng(), "image/png")));
            chart.setContentID("<" + CHART_CONTENT_ID + ">");
            chart.setDisposition(Part.INLINE);
            chart.setFileName("trend.png");
            MimeMultipart related = new RelatedHtml(html, chart);
            MimeBodyPart relatedPart = new MimeBodyPart();
            relatedPart.setContent(related);

            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(named(from, messages.get("digest.from-name")));
            message.setHeader("Auto-Submitted", "auto-generated");
            message.setHeader("List-Id", MimeUtility.fold(9, MimeUtility.encodeText(messages.get("digest.from-name"),
                    "UTF-8", null) + " <" + listId(from) + ">"));
            message.setSubject(content.subject(), "UTF-8");
            message.setContent(new MimeMultipart("alternative", text, relatedPart));
            message.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot build the digest message", e);
        }
    }

    private static InternetAddress named(InternetAddress from, String name) throws IOException {
        if (from.getPersonal() != null) {
            return from;
        }
        return new InternetAddress(from.getAddress(), name, "UTF-8");
    }

    /** {@code cncert-digest.example.org} for a sender at example.org: a list identifier under the sender's domain. */
    private static String listId(InternetAddress from) {
        String address = from.getAddress();
        return "cncert-digest." + address.substring(address.indexOf('@') + 1);
    }

    /**
     * The copy for one subscriber. Its Message-ID is derived from the digest and the subscriber, so a copy
     * delivered twice after a crash carries the same Message-ID and mail clients can fold the two together.
     */
    static MimeMessage addressed(byte[] template, String digestId, InternetAddress recipient,
                                 Optional<URI> unsubscribeUrl) {
        try {
            MimeMessage message = new FixedIdMessage(template);
            message.setHeader("To", to(recipient));
            message.setSentDate(new Date());
            message.setHeader("Message-ID", messageId(digestId, recipient, message));
            unsubscribeUrl.ifPresent(url -> listUnsubscribe(message, url));
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot address the digest to " + recipient, e);
        }
    }

    /** With the address in angle brackets even without a name: a bare To is a spam filter's sign of a bulk mailer. */
    private static String to(InternetAddress recipient) {
        return recipient.getPersonal() != null || recipient.isGroup() ? recipient.toString()
                : "<" + recipient.getAddress() + ">";
    }

    private static void listUnsubscribe(MimeMessage message, URI url) {
        try {
            message.setHeader("List-Unsubscribe", "<" + url.toASCIIString() + ">");
            // RFC 8058 one-click unsubscribe is defined for HTTPS URLs only.
            if ("https".equalsIgnoreCase(url.getScheme())) {
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot set List-Unsubscribe", e);
        }
    }

    private static String messageId(String digestId, InternetAddress recipient, MimeMessage message)
            throws MessagingException {
        String address = recipient.isGroup() ? recipient.toString() : recipient.getAddress();
        String sender = ((InternetAddress) message.getFrom()[0]).getAddress();
        String domain = sender.substring(sender.indexOf('@') + 1);
        return "<" + digestId + "." + shortHash(address.toLowerCase(Locale.ROOT)) + "@" + domain + ">";
    }

    private static String shortHash(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** multipart/related with the {@code type} parameter RFC 2387 asks for: the type of its root part, the HTML. */
    private static final class RelatedHtml extends MimeMultipart {

        RelatedHtml(MimeBodyPart html, MimeBodyPart... resources) throws MessagingException {
            super("related", html);
            for (MimeBodyPart resource : resources) {
                addBodyPart(resource);
            }
            ContentType type = new ContentType(contentType);
            type.setParameter("type", "text/html");
            contentType = type.toString();
        }
    }

    /** Keeps the Message-ID set above; {@link MimeMessage#saveChanges()} would otherwise make up a random one. */
    private static final class FixedIdMessage extends MimeMessage {

        FixedIdMessage(byte[] template) throws MessagingException {
            super(SESSION, new ByteArrayInputStream(template));
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}
