package org.cncertrelay.subscribers;

import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The subscriber list in PostgreSQL, table {@code subscriber} ({@code db/migration/V9__subscribers.sql}), shared by
 * every instance: an unsubscribe taken by one instance's listener or by the command line is seen by the next
 * digest of whichever instance sends it. Each change is one statement, committed on return.
 */
public final class PgSubscriberList implements SubscriberList {

    private final DataSource database;

    public PgSubscriberList(DataSource database) {
        this.database = database;
    }

    @Override
    public List<Subscriber> all() {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT address, display_name, language, state, how, since FROM subscriber ORDER BY ordinal");
             ResultSet rows = query.executeQuery()) {
            List<Subscriber> subscribers = new ArrayList<>();
            while (rows.next()) {
                subscribers.add(new Subscriber(rows.getString("address"), rows.getString("display_name"),
                        rows.getString("language"), Subscriber.State.of(rows.getString("state")),
                        rows.getString("how"), rows.getTimestamp("since").toInstant()));
            }
            return subscribers;
        } catch (SQLException e) {
            throw failure("cannot read the subscriber list", e);
        }
    }

    @Override
    public void seed(List<InternetAddress> addresses, String language, Instant at) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO subscriber (address, display_name, language, state, how, since)
                     VALUES (?, ?, ?, 'active', ?, ?) ON CONFLICT (address) DO NOTHING""")) {
            for (InternetAddress address : addresses) {
                insert.setString(1, Subscriber.key(address.getAddress()));
                insert.setString(2, address.getPersonal() == null ? "" : address.getPersonal());
                insert.setString(3, language);
                insert.setString(4, Subscriber.FROM_SETTINGS);
                insert.setTimestamp(5, Timestamp.from(at));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("cannot seed the subscriber list from digest.to", e);
        }
    }

    @Override
    public Subscriber subscribe(InternetAddress address, String language, String how, Instant at) {
        String name = address.getPersonal() == null ? "" : address.getPersonal();
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO subscriber (address, display_name, language, state, how, since)
                     VALUES (?, ?, ?, 'active', ?, ?)
                     ON CONFLICT (address) DO UPDATE SET
                         display_name = CASE WHEN excluded.display_name = '' THEN subscriber.display_name
                                             ELSE excluded.display_name END,
                         language = excluded.language, state = 'active', how = excluded.how, since = excluded.since,
                         hard_bounces = 0
                     RETURNING display_name""")) {
            String key = Subscriber.key(address.getAddress());
            upsert.setString(1, key);
            upsert.setString(2, name);
            upsert.setString(3, language);
            upsert.setString(4, how);
            upsert.setTimestamp(5, Timestamp.from(at));
            try (ResultSet row = upsert.executeQuery()) {
                row.next();
                return new Subscriber(key, row.getString(1), language, Subscriber.State.ACTIVE, how, at);
            }
        } catch (SQLException e) {
            throw failure("cannot subscribe " + address.getAddress(), e);
        }
    }

    @Override
    public boolean unsubscribe(String address, String how, Instant at) {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE subscriber SET state = 'unsubscribed', how = ?, since = ? "
                             + "WHERE address = ? AND state <> 'unsubscribed'")) {
            update.setString(1, how);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, Subscriber.key(address));
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("cannot unsubscribe " + address, e);
        }
    }

    @Override
    public int bounced(String address, int limit, Instant at) {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE subscriber SET hard_bounces = hard_bounces + 1,
                         state = CASE WHEN hard_bounces + 1 >= ? THEN 'bouncing' ELSE state END,
                         how = CASE WHEN hard_bounces + 1 >= ? THEN 'bounces' ELSE how END,
                         since = CASE WHEN hard_bounces + 1 >= ? THEN ? ELSE since END
                     WHERE address = ? AND state = 'active'
                     RETURNING hard_bounces""")) {
            update.setInt(1, limit);
            update.setInt(2, limit);
            update.setInt(3, limit);
            update.setTimestamp(4, Timestamp.from(at));
            update.setString(5, Subscriber.key(address));
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("cannot count a bounce of " + address, e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
