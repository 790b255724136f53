package org.cncertrelay.digest;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.cncertrelay.store.DurableFiles;

/**
 * Writes each subscriber's copy as an {@code .eml} file a mail client can open: the offline default when no
 * {@code mail.host} is configured. File names are derived from the digest and subscriber, so writing a copy again
 * after a crash replaces the file instead of adding a second one.
 */
final class OutboxMailDrop implements MailDrop {

    private final Path outbox;

    OutboxMailDrop(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public String describe() {
        return "outbox " + outbox.toAbsolutePath();
    }

    @Override
    public String delivered(int copies) {
        return "written to " + describe() + " (" + copies + " file(s))";
    }

    @Override
    public Connection connect() {
        return new Connection() {
            @Override
            public Delivery deliver(MimeMessage message, InternetAddress recipient)
                    throws MailDropUnavailableException {
                try {
                    Path file = outbox.resolve(fileName(message, recipient));
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    message.writeTo(bytes);
                    DurableFiles.replace(file, bytes.toByteArray());
                    return new Delivery(Outcome.SENT, "written to " + file.toAbsolutePath());
                } catch (IOException | MessagingException e) {
                    throw new MailDropUnavailableException("cannot write to " + describe() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private static String fileName(MimeMessage message, InternetAddress recipient) throws MessagingException {
        String messageId = message.getMessageID();
        // <digestId.hash@domain> -> digestId.hash: unique per digest and subscriber; the address is for people.
        String base = messageId.substring(1, messageId.indexOf('@'));
        String who = recipient.isGroup() ? "" : "-" + recipient.getAddress();
        return (base + who).replaceAll("[^A-Za-z0-9._@-]", "_") + ".eml";
    }
}
