package org.cncertrelay.subscribers;

import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The digest's subscribers, owned by the relay: kept as a journal in the data directory
 * ({@link FileSubscriberList}) or in PostgreSQL for several instances ({@link PgSubscriberList}). Each change is
 * durable when the method returns and is seen by the next digest of every process (and, on PostgreSQL, every
 * instance), so an address that left gets no further digest. Changes take only a short lock of their own, never
 * the data directory's, so the command line can change the list while the daemon runs.
 */
public interface SubscriberList {

    /** Every address ever listed, active or not, in the order first listed. */
    List<Subscriber> all();

    default Optional<Subscriber> find(String address) {
        String key = Subscriber.key(address);
        return all().stream().filter(subscriber -> subscriber.address().equals(key)).findFirst();
    }

    /** Lists the addresses of {@code digest.to} not yet listed; one that left (or bounces) is never brought back. */
    void seed(List<InternetAddress> addresses, String language, Instant at);

    /** Adds the address, or makes it active again with this language when it left. */
    Subscriber subscribe(InternetAddress address, String language, String how, Instant at);

    /** @return whether it changed anything: false for an unknown address or one that already left */
    boolean unsubscribe(String address, String how, Instant at);

    /**
     * Counts a hard bounce of the digest to an active address; the {@code limit}-th makes it {@code bouncing}, so it
     * gets no further digest until it subscribes again (which starts the count afresh).
     *
     * @return the address's hard bounces so far, or 0 when it is not an active subscriber (nothing counted)
     */
    int bounced(String address, int limit, Instant at);
}
