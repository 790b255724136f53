package org.cncertrelay.digest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.cncertrelay.report.ReportKey;

/**
 * The ledger in PostgreSQL, shared by several instances (schema: {@code db/migration/V3__digest_ledger.sql}).
 *
 * <p>Opening it locks the single row of {@code digest_run_lock} {@code FOR UPDATE} in a transaction that stays
 * open until {@link #close()}: a second instance waits there until the first one's run is over. The lock lives
 * on its own connection because committing would release it, while every change must be committed at once to
 * survive a crash; so changes go through other connections of the pool, each committed on return. When an
 * instance dies its connection closes, PostgreSQL ends the transaction, and the next instance resumes the
 * digest from what was committed.
 */
final class PostgresDigestLedger implements DigestLedger {

    private static final int VALIDITY_CHECK_SECONDS = 5;

    private final DataSource database;
    private final Connection runLock;

    private PostgresDigestLedger(DataSource database, Connection runLock) {
        this.database = database;
        this.runLock = runLock;
    }

    static Store store(DataSource database) {
        return () -> open(database);
    }

    /** Waits until no other run, of any instance, holds the ledger. */
    static PostgresDigestLedger open(DataSource database) {
        Connection runLock = null;
        try {
            runLock = database.getConnection();
            runLock.setAutoCommit(false);
            try (PreparedStatement lock = runLock.prepareStatement(
                    "SELECT id FROM digest_run_lock WHERE id = 1 FOR UPDATE");
                 ResultSet row = lock.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("digest_run_lock has no row; was migration V3 applied?");
                }
            }
            return new PostgresDigestLedger(database, runLock);
        } catch (SQLException e) {
            release(runLock);
            throw failure("cannot take the digest run lock", e);
        } catch (RuntimeException e) {
            release(runLock);
            throw e;
        }
    }

    @Override
    public Set<ReportKey> digested() {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT year, issue FROM digest_issue");
             ResultSet rows = query.executeQuery()) {
            Set<ReportKey> keys = new HashSet<>();
            while (rows.next()) {
                keys.add(new ReportKey(rows.getInt("year"), rows.getInt("issue")));
            }
            return keys;
        } catch (SQLException e) {
            throw failure("cannot read the digested issues", e);
        }
    }

    @Override
    public List<Digest> unfinished() {
        String sql = """
                SELECT d.id,
                       array(SELECT i.year FROM digest_issue i WHERE i.digest_id = d.id
                             ORDER BY i.year DESC, i.issue DESC) AS years,
                       array(SELECT i.issue FROM digest_issue i WHERE i.digest_id = d.id
                             ORDER BY i.year DESC, i.issue DESC) AS issues,
                       array(SELECT r.recipient FROM digest_recipient r WHERE r.digest_id = d.id AND r.status = 'owed'
                             ORDER BY r.ordinal) AS owed
                FROM digest d
                WHERE EXISTS (SELECT 1 FROM digest_recipient r WHERE r.digest_id = d.id AND r.status = 'owed')
                ORDER BY d.seq""";
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            List<Digest> digests = new ArrayList<>();
            while (rows.next()) {
                Integer[] years = (Integer[]) rows.getArray("years").getArray();
                Integer[] issues = (Integer[]) rows.getArray("issues").getArray();
                List<ReportKey> keys = new ArrayList<>();
                for (int i = 0; i < years.length; i++) {
                    keys.add(new ReportKey(years[i], issues[i]));
                }
                String[] owed = (String[]) rows.getArray("owed").getArray();
                digests.add(new Digest(rows.getString("id"), keys, List.of(owed)));
            }
            return digests;
        } catch (SQLException e) {
            throw failure("cannot read the unfinished digests", e);
        }
    }

    @Override
    public Digest prepare(String id, List<ReportKey> issues, List<String> recipients, byte[] message) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement digest = connection.prepareStatement(
                    "INSERT INTO digest (id, message) VALUES (?, ?)");
                 PreparedStatement issue = connection.prepareStatement(
                         "INSERT INTO digest_issue (year, issue, digest_id) VALUES (?, ?, ?)");
                 PreparedStatement recipient = connection.prepareStatement(
                         "INSERT INTO digest_recipient (digest_id, recipient, ordinal) VALUES (?, ?, ?)")) {
                digest.setString(1, id);
                digest.setBytes(2, message);
                digest.executeUpdate();
                for (ReportKey key : issues) {
                    issue.setInt(1, key.year());
                    issue.setInt(2, key.issue());
                    issue.setString(3, id);
                    issue.addBatch();
                }
                issue.executeBatch();
                for (int i = 0; i < recipients.size(); i++) {
                    recipient.setString(1, id);
                    recipient.setString(2, recipients.get(i));
                    recipient.setInt(3, i);
                    recipient.addBatch();
                }
                recipient.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot record the prepared digest " + id, e);
        }
        return new Digest(id, issues, recipients);
    }

    @Override
    public byte[] message(Digest digest) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT message FROM digest WHERE id = ?")) {
            query.setString(1, digest.id());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("digest " + digest.id() + " has no stored message");
                }
                return row.getBytes("message");
            }
        } catch (SQLException e) {
            throw failure("cannot read the message of digest " + digest.id(), e);
        }
    }

    @Override
    public void sent(Digest digest, String recipient) {
        settle(digest, recipient, "sent", null);
    }

    @Override
    public void failed(Digest digest, String recipient, String reason) {
        settle(digest, recipient, "failed", reason);
    }

    private void settle(Digest digest, String recipient, String status, String reason) {
        int updated;
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE digest_recipient SET status = ?, reason = ?, settled_at = now()
                     WHERE digest_id = ? AND recipient = ? AND status = 'owed'""")) {
            update.setString(1, status);
            update.setString(2, reason);
            update.setString(3, digest.id());
            update.setString(4, recipient);
            updated = update.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot record " + recipient + " as " + status + " for digest " + digest.id(), e);
        }
        if (updated != 1) {
            throw new IllegalStateException(recipient + " was already settled for digest " + digest.id()
                    + ": another run worked on it at the same time");
        }
        // Checked after the mark is committed, so it is kept: if the lock's connection was lost (server restart,
        // idle-in-transaction timeout), another instance may already be in, and this run must stop sending.
        if (!stillLocked()) {
            throw new IllegalStateException("lost the database connection holding the digest run lock; "
                    + "stopping so that only one instance sends");
        }
    }

    private boolean stillLocked() {
        try {
            return runLock.isValid(VALIDITY_CHECK_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Ends the lock's transaction (it wrote nothing), which lets the next run in. */
    @Override
    public void close() {
        release(runLock);
    }

    private static void release(Connection runLock) {
        if (runLock == null) {
            return;
        }
        try (runLock) {
            runLock.rollback();
        } catch (SQLException e) {
            // a broken connection holds no lock: PostgreSQL ends its transaction when the session goes
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " in the database: " + e.getMessage(), e);
    }
}
