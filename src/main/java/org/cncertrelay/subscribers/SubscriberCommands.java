package org.cncertrelay.subscribers;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.PrintStream;
import java.time.Clock;
import org.cncertrelay.i18n.Messages;

/**
 * {@code --subscribe ADDRESS [--language en]}, {@code --unsubscribe ADDRESS} and {@code --subscribers}: changes to
 * the subscriber list made from the command line. They take only the list's own short lock, never the data
 * directory's, so they work while the daemon runs; its next digest reads the list afresh.
 */
public final class SubscriberCommands {

    /** What the command line asked for. */
    public enum Command { SUBSCRIBE, UNSUBSCRIBE, LIST }

    private final SubscriberList subscribers;
    private final Clock clock;
    private final PrintStream out;

    public SubscriberCommands(SubscriberList subscribers, Clock clock, PrintStream out) {
        this.subscribers = subscribers;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param address  for subscribe and unsubscribe; {@code "Name <a@b>"} gives a display name
     * @param language for subscribe: {@code zh-CN} or {@code en}
     * @throws IllegalArgumentException when the address or language is malformed
     */
    public void run(Command command, String address, String language) {
        switch (command) {
            case SUBSCRIBE -> {
                Messages.of(language); // refuses an unknown language before anything is written
                Subscriber subscriber = subscribers.subscribe(parse(address), language, "cli", clock.instant());
                out.println("subscribed " + subscriber.recipient() + " (" + subscriber.language() + ")");
            }
            case UNSUBSCRIBE -> {
                String mailbox = parse(address).getAddress();
                out.println(subscribers.unsubscribe(mailbox, "cli", clock.instant()) ? "unsubscribed " + mailbox
                        : mailbox + " was not subscribed; nothing changed");
            }
            case LIST -> {
                out.println("address\tname\tlanguage\tstate\thow\tsince");
                subscribers.all().forEach(subscriber -> out.println(String.join("\t", subscriber.address(),
                        subscriber.displayName(), subscriber.language(), subscriber.state().label(),
                        subscriber.how(), subscriber.since().toString())));
            }
        }
    }

    private static InternetAddress parse(String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + text + "' is not an e-mail address (" + e.getMessage() + ")");
        }
    }
}
