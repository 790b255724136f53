package org.cncertrelay.digest;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Properties;

/** Sends through an SMTP server with jakarta.mail, one connection per run, one transaction per subscriber. */
final class SmtpMailDrop implements MailDrop {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private final DigestSettings.Smtp smtp;
    private final Session session;

    SmtpMailDrop(DigestSettings.Smtp smtp) {
        this.smtp = smtp;
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", smtp.host());
        properties.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        properties.setProperty("mail.smtp.connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.timeout", Integer.toString(READ_TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.writetimeout", Integer.toString(READ_TIMEOUT_MILLIS));
        properties.setProperty("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
        // Required, not just enabled: with STARTTLS configured the password must never cross the wire in clear.
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        this.session = Session.getInstance(properties);
    }

    @Override
    public String describe() {
        return "smtp://" + smtp.host() + ":" + smtp.port();
    }

    @Override
    public String delivered(int copies) {
        return "sent to " + copies + " subscriber(s) via " + describe();
    }

    @Override
    public Connection connect() throws MailDropUnavailableException {
        try {
            Transport transport = session.getTransport("smtp");
            transport.connect(smtp.host(), smtp.port(), smtp.username().orElse(null), smtp.password().orElse(null));
            return new SmtpConnection(transport);
        } catch (MessagingException e) {
            throw new MailDropUnavailableException(describe() + ": " + reason(e), e);
        }
    }

    private final class SmtpConnection implements Connection {

        private final Transport transport;

        SmtpConnection(Transport transport) {
            this.transport = transport;
        }

        @Override
        public Delivery deliver(MimeMessage message, InternetAddress recipient) throws MailDropUnavailableException {
            try {
                transport.sendMessage(message, new Address[] {recipient});
                return new Delivery(Outcome.SENT, "accepted by " + describe());
            } catch (SendFailedException e) {
                if (!transport.isConnected()) {
                    // A 421 reply: the server hung up on us, so nobody else can be served on this run either.
                    throw new MailDropUnavailableException(describe() + ": " + reason(e), e);
                }
                // Angus Mail lists 5xx RCPT replies as invalid and 4xx as valid-but-unsent; anything else (sender or
                // content refused) is not this subscriber's fault, so it is retried rather than given up.
                boolean invalid = e.getInvalidAddresses() != null
                        && Arrays.asList(e.getInvalidAddresses()).contains(recipient);
                return new Delivery(invalid ? Outcome.REJECTED : Outcome.DEFERRED, reason(e));
            } catch (MessagingException e) {
                throw new MailDropUnavailableException(describe() + ": " + reason(e), e);
            }
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException e) {
                // QUIT failing after the deliveries were recorded changes nothing.
            }
        }
    }

    /** The failure and, when it wraps one, its root cause: the server's reply or the socket error. */
    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String top = String.valueOf(error.getMessage()).strip();
        return root == error ? top
                : top + " (" + root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).strip() + ")";
    }
}
