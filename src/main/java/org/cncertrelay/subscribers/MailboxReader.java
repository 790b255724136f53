package org.cncertrelay.subscribers;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * Reads what a mail to the digest's mailbox asks for, from its subject ({@code unsubscribe <token>},
 * {@code subscribe [en]}, {@code confirm <token>}, in English or Chinese, after any {@code Re:}), or, for a delivery
 * status notification (RFC 3464), which subscribers' addresses failed for good. Needs no Camel and no mail server:
 * it reads one {@link Message}.
 */
public final class MailboxReader {

    /** Reply and forward prefixes mail clients put before a subject, in the languages of the list, however many. */
    private static final Pattern PREFIXES = Pattern.compile("^(\\s*(re|fw|fwd|aw|回复|答复|转发)\\s*[:：]\\s*)+",
            Pattern.CASE_INSENSITIVE);
    /** What is read of a bounce's returned headers to see that it is this list's: far more than any header block. */
    private static final int RETURNED_HEADERS_BYTES = 64 * 1024;

    private final UnsubscribeTokens tokens;
    private final String listId;

    /** @param listId the digest's {@code List-Id}: a bounce counts only when the message it returns carries it */
    public MailboxReader(UnsubscribeTokens tokens, String listId) {
        this.tokens = tokens;
        this.listId = listId;
    }

    public List<MailboxRequest> read(Message message) {
        try {
            if (message.isMimeType("multipart/report")) {
                return bounces(message);
            }
            return List.of(command(message));
        } catch (MessagingException | IOException | RuntimeException e) {
            return List.of(MailboxRequest.ignored("unreadable mail: " + e.getMessage()));
        }
    }

    private MailboxRequest command(Message message) throws MessagingException {
        String subject = message.getSubject() == null ? "" : message.getSubject();
        String stripped = PREFIXES.matcher(subject).replaceFirst("");
        String[] words = stripped.strip().split("\\s+");
        String verb = words[0].toLowerCase(Locale.ROOT);
        String argument = words.length > 1 ? words[1] : null;
        switch (verb) {
            case "unsubscribe", "退订" -> {
                return tokens.verify(argument).map(address -> new MailboxRequest(MailboxRequest.Kind.UNSUBSCRIBE,
                        Subscriber.key(address), "", "mailto"))
                        .orElseGet(() -> MailboxRequest.ignored("unsubscribe without a valid token"));
            }
            case "subscribe", "订阅" -> {
                Optional<String> from = sender(message);
                if (from.isEmpty()) {
                    return MailboxRequest.ignored("subscribe from no readable address");
                }
                String language = argument == null ? "" : argument.equalsIgnoreCase("en") ? "en"
                        : argument.equalsIgnoreCase("zh-CN") || argument.equals("中文") ? "zh-CN" : "";
                return new MailboxRequest(MailboxRequest.Kind.SUBSCRIBE, from.get(), language, "mailto");
            }
            case "confirm", "确认" -> {
                return tokens.verifySubscribe(argument).map(request -> new MailboxRequest(
                        MailboxRequest.Kind.CONFIRM, request[0], request[1], "mailto"))
                        .orElseGet(() -> MailboxRequest.ignored("confirm without a valid token"));
            }
            default -> {
                return MailboxRequest.ignored("not a request (subject \"" + abbreviated(subject) + "\")");
            }
        }
    }

    private static Optional<String> sender(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)
                || address.getAddress() == null || !address.getAddress().contains("@")) {
            return Optional.empty();
        }
        return Optional.of(Subscriber.key(address.getAddress()));
    }

    /** The hard bounces a delivery status notification reports, when the message it returns is this list's. */
    private List<MailboxRequest> bounces(Message message) throws MessagingException, IOException {
        if (!(message.getContent() instanceof Multipart report)) {
            return List.of(MailboxRequest.ignored("a report without parts"));
        }
        DeliveryStatus status = null;
        boolean ours = false;
        for (int i = 0; i < report.getCount(); i++) {
            Part part = report.getBodyPart(i);
            if (part.isMimeType("message/delivery-status")) {
                try (InputStream in = part.getInputStream()) {
                    status = new DeliveryStatus(in);
                }
            } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")) {
                ours |= names(part, "List-Id:", listId);
            }
        }
        if (status == null) {
            return List.of(MailboxRequest.ignored("a report that is not a delivery status notification"));
        }
        if (!ours) {
            return List.of(MailboxRequest.ignored("a bounce of a message that is not this list's digest"));
        }
        List<MailboxRequest> requests = new ArrayList<>();
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders recipient = status.getRecipientDSN(i);
            String action = value(recipient, "Action");
            String code = value(recipient, "Status");
            String address = typed(value(recipient, "Final-Recipient"));
            if (address.isEmpty()) {
                address = typed(value(recipient, "Original-Recipient"));
            }
            if (address.isEmpty()) {
                requests.add(MailboxRequest.ignored("a bounce naming no recipient"));
            } else if (action.equalsIgnoreCase("failed") && code.startsWith("5")) {
                requests.add(new MailboxRequest(MailboxRequest.Kind.BOUNCE, Subscriber.key(address), "", code));
            } else {
                requests.add(MailboxRequest.ignored("not a hard bounce for " + address + " (action " + action
                        + ", status " + code + ")"));
            }
        }
        return requests;
    }

    private static boolean names(Part part, String header, String value) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            String text = new String(in.readNBytes(RETURNED_HEADERS_BYTES), StandardCharsets.UTF_8);
            return text.lines().anyMatch(line -> line.regionMatches(true, 0, header, 0, header.length())
                    && line.contains(value));
        }
    }

    private static String value(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null ? "" : value.strip();
    }

    /** {@code rfc822; bob@example.org} → {@code bob@example.org}. */
    private static String typed(String field) {
        int semicolon = field.indexOf(';');
        return (semicolon < 0 ? field : field.substring(semicolon + 1)).strip().replaceAll("^<|>$", "");
    }

    private static String abbreviated(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
