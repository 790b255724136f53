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
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.cncertrelay.crypto.Sha256;
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
    /**
     * Where a template shows the unsubscribe link when each subscriber has their own: replaced in each copy. On the
     * reserved {@code .invalid} domain, so a copy that somehow kept it leads nowhere.
     */
    static final URI PERSONAL_LINK = URI.create("https://unsubscribe.invalid/personal-link");
    private static final String BUNDLE_HEADER = "X-Cncert-Relay-Templates";
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
                    "UTF-8", null) + " <" + DigestSettings.listId(from) + ">"));
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

    /**
     * The answer to a {@code subscribe} mail: it asks the address to reply (or to mail its subject to the mailbox)
     * to confirm, so nobody can subscribe another's address. The subject starts with {@code confirm <token>} (in
     * the subscriber's language), which a reply keeps after its {@code Re:}.
     */
    static MimeMessage confirmation(InternetAddress from, InternetAddress mailbox, String to, String token,
                                    String listId, Messages messages) {
        try {
            MimeMessage message = new MimeMessage(SESSION);
            message.setFrom(named(from, messages.get("digest.from-name")));
            message.setReplyTo(new InternetAddress[] {mailbox});
            message.setHeader("To", "<" + to + ">");
            message.setSubject(messages.get("mailbox.confirm.subject", token), "UTF-8");
            message.setText(messages.get("mailbox.confirm.text", to, mailbox.getAddress(), token), "UTF-8");
            // RFC 3834: an answer to a mail, so no vacation reply answers it in turn
            message.setHeader("Auto-Submitted", "auto-replied");
            message.setHeader("List-Id", "<" + listId + ">");
            message.setSentDate(new Date());
            message.saveChanges();
            return message;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot build the confirmation for " + to, e);
        }
    }

    private static InternetAddress named(InternetAddress from, String name) throws IOException {
        if (from.getPersonal() != null) {
            return from;
        }
        return new InternetAddress(from.getAddress(), name, "UTF-8");
    }

    /**
     * Stores the templates of a digest's languages as one message, as the ledger keeps one per digest: a
     * multipart/mixed of message/rfc822 parts, each with its {@code Content-Language}.
     */
    static byte[] bundle(Map<String, byte[]> templatesByLanguage) {
        try {
            MimeMultipart parts = new MimeMultipart("mixed");
            for (Map.Entry<String, byte[]> template : templatesByLanguage.entrySet()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(template.getValue(), "message/rfc822")));
                part.setHeader("Content-Language", template.getKey());
                parts.addBodyPart(part);
            }
            MimeMessage bundle = new MimeMessage(SESSION);
            bundle.setHeader(BUNDLE_HEADER, "per-language");
            bundle.setContent(parts);
            bundle.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bundle.writeTo(bytes);
            return bytes.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot store the digest's templates", e);
        }
    }

    /**
     * The template of {@code language} from what the ledger stored. A digest prepared before there were languages
     * per subscriber stored one template, which serves everyone; a language the digest was not prepared in (a
     * subscriber who changed it meanwhile) gets the first one stored.
     */
    static byte[] templateFor(byte[] stored, String language) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(stored));
            if (message.getHeader(BUNDLE_HEADER) == null) {
                return stored;
            }
            MimeMultipart parts = (MimeMultipart) message.getContent();
            byte[] first = null;
            for (int i = 0; i < parts.getCount(); i++) {
                Part part = parts.getBodyPart(i);
                byte[] template;
                try (var in = part.getInputStream()) {
                    template = in.readAllBytes();
                }
                if (language.equals(part.getHeader("Content-Language")[0])) {
                    return template;
                }
                first = first == null ? template : first;
            }
            if (first == null) {
                throw new IllegalStateException("the stored digest holds no template");
            }
            return first;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the stored digest", e);
        }
    }

    /**
     * The copy for one subscriber. Its Message-ID is derived from the digest and the subscriber, so a copy
     * delivered twice after a crash carries the same Message-ID and mail clients can fold the two together.
     *
     * @param unsubscribe  what {@code List-Unsubscribe} offers, https first (empty: no such header)
     * @param personalLink the subscriber's own unsubscribe page, put where the template shows {@link #PERSONAL_LINK}
     */
    static MimeMessage addressed(byte[] template, String digestId, InternetAddress recipient, List<URI> unsubscribe,
                                 Optional<URI> personalLink) {
        try {
            MimeMessage message = new FixedIdMessage(template);
            message.setHeader("To", to(recipient));
            message.setSentDate(new Date());
            message.setHeader("Message-ID", messageId(digestId, recipient, message));
            if (!unsubscribe.isEmpty()) {
                listUnsubscribe(message, unsubscribe);
            }
            if (personalLink.isPresent()) {
                personalise(message, personalLink.get().toString());
            }
            message.saveChanges();
            return message;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot address the digest to " + recipient, e);
        }
    }

    /** With the address in angle brackets even without a name: a bare To is a spam filter's sign of a bulk mailer. */
    private static String to(InternetAddress recipient) {
        return recipient.getPersonal() != null || recipient.isGroup() ? recipient.toString()
                : "<" + recipient.getAddress() + ">";
    }

    private static void listUnsubscribe(MimeMessage message, List<URI> urls) throws MessagingException {
        message.setHeader("List-Unsubscribe", MimeUtility.fold(18, String.join(", ",
                urls.stream().map(url -> "<" + url.toASCIIString() + ">").toList())));
        // RFC 8058 one-click unsubscribe is defined for HTTPS URLs only.
        if (urls.stream().anyMatch(url -> "https".equalsIgnoreCase(url.getScheme()))) {
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
    }

    /** Puts the subscriber's link in the text and HTML parts, wherever the template has the placeholder. */
    private static void personalise(Part part, String link) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            MimeMultipart parts = (MimeMultipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                personalise(parts.getBodyPart(i), link);
            }
        } else if (part.isMimeType("text/plain") || part.isMimeType("text/html")) {
            String text = (String) part.getContent();
            String placeholder = PERSONAL_LINK.toString();
            if (!text.contains(placeholder)) {
                return; // a part without the link keeps its encoding as it is
            }
            String subtype = part.isMimeType("text/html") ? "html" : "plain";
            ((jakarta.mail.internet.MimePart) part).setText(text.replace(placeholder, link), "UTF-8", subtype);
        }
    }

    private static String messageId(String digestId, InternetAddress recipient, MimeMessage message)
            throws MessagingException {
        String address = recipient.isGroup() ? recipient.toString() : recipient.getAddress();
        String sender = ((InternetAddress) message.getFrom()[0]).getAddress();
        String domain = sender.substring(sender.indexOf('@') + 1);
        String recipientHash = Sha256.hex(address.toLowerCase(Locale.ROOT)).substring(0, 16);
        return "<" + digestId + "." + recipientHash + "@" + domain + ">";
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
