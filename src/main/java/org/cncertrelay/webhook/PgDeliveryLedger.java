package org.cncertrelay.webhook;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger several instances share, in the PostgreSQL tables of {@code V2__webhook_deliveries.sql}.
 *
 * <ul>
 * <li>Enqueueing is exactly once per (report, target): the primary key on (year, issue, target) and
 * {@code INSERT ... ON CONFLICT DO NOTHING} let only one of several racing instances add a delivery.</li>
 * <li>One instance at a time sends a delivery: it claims it with a conditional {@code UPDATE} only one instance
 * can win (the row is pending and nobody's lease is running), holds the claim by renewing {@code lease_until}
 * before every send and through every backoff, and settles the delivery only while the claim is still its own.
 * An instance that dies holding a claim stops renewing it; once the lease lapses another instance's poll finds
 * the delivery and takes it over.</li>
 * <li>Dead letters are rows of {@code webhook_dead_letters}; a replay, from any instance, turns them back into
 * pending deliveries in one statement, so two racing replays replay each letter once.</li>
 * </ul>
 *
 * <p><b>Where it is at-least-once.</b> The crash window is the file ledger's: an instance that dies after the
 * receiver accepted a message but before its {@code delivered} update committed leaves the delivery pending, and
 * the instance that takes it over when the lease lapses sends it again, with the same {@code delivery_id}. The
 * same happens if an instance stalls longer than its lease in the middle of a send (a send that outlives the
 * configured timeout, a long GC pause): it then logs that its claim was lost. Every other case is exactly once.
 * Lease times are the database's clock ({@code now()}), so the instances' clocks need not agree.
 */
final class PgDeliveryLedger implements DeliveryLedger {

    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(PgDeliveryLedger.class);

    private static final String KEY = "year = ? AND issue = ? AND target = ? AND revision = ?";
    /** A claim can be taken when nobody holds it or its holder stopped renewing it. */
    private static final String CLAIMABLE = "state = 'pending' AND (claimed_by IS NULL OR lease_until < now())";
    private static final String LEASE_FOR = "now() + ? * interval '1 millisecond'";

    private final DataSource dataSource;
    private final String claimant;
    private final Duration lease;
    private final Duration pollInterval;
    private volatile int lastDeadLetterCount;

    /**
     * @param instanceId names this instance in its claims; a random suffix per ledger keeps a restarted instance
     *                   of the same name from taking its previous run's claims for its own
     */
    PgDeliveryLedger(DataSource dataSource, String instanceId, Duration lease, Duration pollInterval) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must not be blank");
        }
        if (lease.isNegative() || lease.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("lease and pollInterval must be positive");
        }
        this.dataSource = dataSource;
        this.claimant = instanceId.strip() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = lease;
        this.pollInterval = pollInterval;
    }

    @Override
    public List<Delivery> pending() throws IOException {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT delivery FROM webhook_deliveries"
                    + " WHERE " + CLAIMABLE + " ORDER BY year, issue, target")) {
                return deliveries(select);
            }
        });
    }

    /**
     * One insert per candidate, each committed on its own, so racing instances cannot deadlock on the keys. Many
     * candidates (a sink's history, offered at every start) are first matched against the table in one read, so
     * those it holds cost no round trip each; the insert's ON CONFLICT still settles a race with another instance.
     */
    @Override
    public List<Delivery> addNew(List<Delivery> candidates) throws IOException {
        return withConnection(connection -> {
            Set<List<Object>> held = candidates.size() > 1 ? held(connection, candidates) : Set.of();
            List<Delivery> fresh = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_deliveries"
                    + " (year, issue, target, revision, delivery, enqueued_at) VALUES (?, ?, ?, ?, ?::jsonb, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                for (Delivery delivery : candidates) {
                    if (held.contains(key(delivery))) {
                        continue;
                    }
                    int next = bindKey(insert, 1, delivery);
                    insert.setString(next, Json.text(delivery.toJson()));
                    insert.setObject(next + 1, OffsetDateTime.ofInstant(delivery.enqueuedAt(), ZoneOffset.UTC));
                    if (insert.executeUpdate() == 1) {
                        fresh.add(delivery);
                    }
                }
            }
            return fresh;
        });
    }

    /** Of instances racing for the row, one wins: the others' update re-reads it claimed and matches nothing. */
    @Override
    public boolean claim(Delivery delivery) throws IOException {
        return withConnection(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("UPDATE webhook_deliveries"
                    + " SET claimed_by = ?, lease_until = " + LEASE_FOR + " WHERE " + KEY + " AND " + CLAIMABLE)) {
                claim.setString(1, claimant);
                claim.setLong(2, lease.toMillis());
                bindKey(claim, 3, delivery);
                return claim.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean holdClaim(Delivery delivery, Duration busyFor) throws IOException {
        return updateMine(delivery, "lease_until = " + LEASE_FOR, busyFor.plus(lease).toMillis());
    }

    @Override
    public Duration claimLease() {
        return lease;
    }

    @Override
    public void release(Delivery delivery) throws IOException {
        updateMine(delivery, "claimed_by = NULL, lease_until = NULL");
    }

    @Override
    public boolean markDelivered(Delivery delivery) throws IOException {
        return updateMine(delivery, "state = 'delivered', lease_until = NULL, settled_at = now()");
    }

    /** The state and the letter in one transaction: a delivery is dead exactly when its letter exists. */
    @Override
    public boolean markDead(DeadLetter letter) throws IOException {
        Delivery delivery = letter.delivery();
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_dead_letters"
                    + " (year, issue, target, revision, payload, reason, attempts, failed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                if (!updateMine(connection, delivery, "state = 'dead', lease_until = NULL, settled_at = now()")) {
                    connection.rollback();
                    return false;
                }
                int next = bindKey(insert, 1, delivery);
                insert.setString(next, letter.payload());
                insert.setString(next + 1, letter.reason());
                insert.setInt(next + 2, letter.attempts());
                insert.setObject(next + 3, OffsetDateTime.ofInstant(letter.time(), ZoneOffset.UTC));
                insert.executeUpdate();
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    /**
     * One statement turns the letters back into pending deliveries and removes them, so of two instances
     * replaying at once each letter goes to one (the other's update finds the row pending again and skips it).
     */
    @Override
    public List<Delivery> replayDeadLetters(Set<String> targets) throws IOException {
        return withConnection(connection -> {
            Object[] names = targets.toArray();
            try (PreparedStatement replay = connection.prepareStatement("""
                    WITH replayed AS (
                        UPDATE webhook_deliveries
                        SET state = 'pending', claimed_by = NULL, lease_until = NULL, settled_at = NULL,
                            delivery = jsonb_set(delivery, '{event}', '"replayed"')
                        WHERE state = 'dead' AND target = ANY (?)
                        RETURNING year, issue, target, revision, delivery),
                    removed AS (
                        DELETE FROM webhook_dead_letters letter USING replayed
                        WHERE letter.year = replayed.year AND letter.issue = replayed.issue
                          AND letter.target = replayed.target AND letter.revision = replayed.revision)
                    SELECT delivery FROM replayed ORDER BY year, issue, target""");
                 PreparedStatement leftOver = connection.prepareStatement("SELECT delivery FROM webhook_deliveries"
                         + " WHERE state = 'dead' AND NOT target = ANY (?) ORDER BY year, issue, target")) {
                replay.setArray(1, connection.createArrayOf("text", names));
                List<Delivery> replayed = deliveries(replay);
                leftOver.setArray(1, connection.createArrayOf("text", names));
                for (Delivery delivery : deliveries(leftOver)) {
                    LOG.warn("Dead letter for {} left in place: target {} is not configured here", delivery.label(),
                            delivery.target());
                }
                return replayed;
            }
        });
    }

    /** All instances' letters; while the database cannot be asked, the last count it gave (a gauge must not throw). */
    @Override
    public int deadLettersWaiting() {
        try {
            lastDeadLetterCount = withConnection(connection -> {
                try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM webhook_dead_letters");
                     ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot count the webhook dead letters; reporting the last count, {}: {}", lastDeadLetterCount,
                    e.toString());
        }
        return lastDeadLetterCount;
    }

    @Override
    public Optional<Duration> pollInterval() {
        return Optional.of(pollInterval);
    }

    private boolean updateMine(Delivery delivery, String set, Object... setValues) throws IOException {
        return withConnection(connection -> updateMine(connection, delivery, set, setValues));
    }

    /** Updates the delivery's row only while this instance holds its claim; true if it did. */
    private boolean updateMine(Connection connection, Delivery delivery, String set, Object... setValues)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_deliveries SET " + set
                + " WHERE " + KEY + " AND state = 'pending' AND claimed_by = ?")) {
            for (int i = 0; i < setValues.length; i++) {
                update.setObject(i + 1, setValues[i]);
            }
            update.setString(bindKey(update, setValues.length + 1, delivery), claimant);
            return update.executeUpdate() == 1;
        }
    }

    /** The keys ({@link #key}) of those {@code candidates} the table already holds, in one query. */
    private static Set<List<Object>> held(Connection connection, List<Delivery> candidates) throws SQLException {
        Object[] years = candidates.stream().map(delivery -> delivery.report().key().year()).toArray();
        Object[] issues = candidates.stream().map(delivery -> delivery.report().key().issue()).toArray();
        Object[] targets = candidates.stream().map(Delivery::target).toArray();
        Object[] revisions = candidates.stream().map(Delivery::revision).toArray();
        Set<List<Object>> held = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT d.year, d.issue, d.target, d.revision"
                + " FROM webhook_deliveries d JOIN unnest(?::int[], ?::int[], ?::text[], ?::text[])"
                + " AS c(year, issue, target, revision) USING (year, issue, target, revision)")) {
            query.setArray(1, connection.createArrayOf("integer", years));
            query.setArray(2, connection.createArrayOf("integer", issues));
            query.setArray(3, connection.createArrayOf("text", targets));
            query.setArray(4, connection.createArrayOf("text", revisions));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    held.add(List.of(rows.getInt(1), rows.getInt(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return held;
    }

    /** A delivery's row key, (year, issue, target, revision), as {@link #bindKey} binds it. */
    private static List<Object> key(Delivery delivery) {
        return List.of(delivery.report().key().year(), delivery.report().key().issue(), delivery.target(),
                delivery.revision());
    }

    /** Binds year, issue, target and revision from {@code at} on; returns the next parameter index. */
    private static int bindKey(PreparedStatement statement, int at, Delivery delivery) throws SQLException {
        statement.setInt(at, delivery.report().key().year());
        statement.setInt(at + 1, delivery.report().key().issue());
        statement.setString(at + 2, delivery.target());
        statement.setString(at + 3, delivery.revision());
        return at + 4;
    }

    private static List<Delivery> deliveries(PreparedStatement query) throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                try {
                    deliveries.add(Delivery.fromJson(Json.parse(rows.getString(1))));
                } catch (IOException e) {
                    throw new SQLException("unreadable delivery in webhook_deliveries: " + e.getMessage(), e);
                }
            }
        }
        return deliveries;
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** The pool's connection for one piece of work; database failures become the IOExceptions ledgers throw. */
    private <T> T withConnection(Work<T> work) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new IOException("webhook ledger in PostgreSQL: " + e.getMessage(), e);
        }
    }
}
