package org.cncertrelay.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.RecordStore;

/**
 * The record store in PostgreSQL, shared by every instance of a deployment. Uniqueness and the once-only
 * announcement decision are the database's: a primary key on (year, issue), and row locks while deciding.
 */
public final class PgRecordStore implements RecordStore {

    /** Recorded without announcement, or already decided: not a candidate a crash left undecided. */
    private static final String SETTLED = "(NOT announce_candidate OR announce IS NOT NULL)";

    private final DataSource dataSource;

    public PgRecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean admit(Report report, boolean announceCandidate) {
        return Sql.update(dataSource, "INSERT INTO relay_records (year, issue, record, announce_candidate) "
                + "VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (year, issue) DO NOTHING",
                report.year(), report.issue(), ReportJson.toJson(report).toString(), announceCandidate) == 1;
    }

    @Override
    public boolean contains(ReportKey key) {
        return get(key).isPresent();
    }

    @Override
    public Optional<Report> get(ReportKey key) {
        return Sql.query(dataSource, "SELECT record FROM relay_records WHERE year = ? AND issue = ?",
                PgRecordStore::report, key.year(), key.issue()).stream().findFirst();
    }

    /** Compare-and-set on the stored url: of two instances upgrading the same record at once, one changes it. */
    @Override
    public boolean preferCanonicalUrl(Report seen) {
        Optional<Report> stored = get(seen.key());
        if (stored.isEmpty() || !RecordStore.upgradesUrl(stored.get().url(), seen.url())) {
            return stored.isPresent() && Objects.equals(stored.get().url(), seen.url())
                    && RecordStore.isIdentity(seen.url());
        }
        return Sql.update(dataSource, "UPDATE relay_records SET record = jsonb_set(record, '{url}', to_jsonb(?::text)) "
                + "WHERE year = ? AND issue = ? AND record->>'url' IS NOT DISTINCT FROM ?",
                seen.url(), seen.year(), seen.issue(), stored.get().url()) == 1;
    }

    /** The record is replaced unless it already says the same (compared as jsonb: key order does not count). */
    @Override
    public boolean correct(Report corrected) {
        return Sql.update(dataSource, "UPDATE relay_records SET record = ?::jsonb WHERE year = ? AND issue = ? "
                + "AND record IS DISTINCT FROM ?::jsonb", ReportJson.toJson(corrected).toString(), corrected.year(),
                corrected.issue(), ReportJson.toJson(corrected).toString()) == 1;
    }

    @Override
    public List<Report> all() {
        return Sql.query(dataSource, "SELECT record FROM relay_records ORDER BY year, issue", PgRecordStore::report);
    }

    @Override
    public Optional<ReportKey> announcementBaseline() {
        return Sql.query(dataSource, "SELECT year, issue FROM relay_news_baseline UNION ALL "
                + "(SELECT year, issue FROM relay_records WHERE " + SETTLED + " ORDER BY year DESC, issue DESC LIMIT 1) "
                + "ORDER BY year, issue LIMIT 1", row -> new ReportKey(row.getInt("year"), row.getInt("issue")))
                .stream().findFirst();
    }

    @Override
    public void holdBaseline(ReportKey baseline) {
        Sql.update(dataSource, "INSERT INTO relay_news_baseline (year, issue) VALUES (?, ?) ON CONFLICT DO NOTHING",
                baseline.year(), baseline.issue());
    }

    @Override
    public void releaseBaseline() {
        Sql.update(dataSource, "DELETE FROM relay_news_baseline");
    }

    @Override
    public Optional<Report> previous(ReportKey key) {
        return Sql.query(dataSource, "SELECT record FROM relay_records WHERE (year, issue) < (?, ?) "
                + "ORDER BY year DESC, issue DESC LIMIT 1", PgRecordStore::report, key.year(), key.issue())
                .stream().findFirst();
    }

    @Override
    public List<Report> notFannedOut() {
        return Sql.query(dataSource, "SELECT record FROM relay_records WHERE NOT fanned_out ORDER BY year, issue",
                PgRecordStore::report);
    }

    @Override
    public void markFannedOut(ReportKey key) {
        Sql.update(dataSource, "UPDATE relay_records SET fanned_out = TRUE WHERE year = ? AND issue = ?",
                key.year(), key.issue());
    }

    /**
     * Locks the undecided candidates, so an instance deciding at the same time waits and then finds them decided:
     * each announcement is decided once across the deployment. The queue writes on its own connection while the
     * rows stay locked; the decision commits only after it returned.
     */
    @Override
    public List<Report> decideAnnouncements(AnnouncementQueue queue) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Report> undecided = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT record FROM relay_records "
                        + "WHERE announce_candidate AND announce IS NULL ORDER BY year, issue FOR UPDATE");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        undecided.add(report(rows));
                    }
                }
                if (undecided.isEmpty()) {
                    connection.commit();
                    return List.of();
                }
                boolean firstStart;
                try (PreparedStatement any = connection.prepareStatement(
                        "SELECT 1 FROM relay_records WHERE " + SETTLED + " LIMIT 1");
                        ResultSet rows = any.executeQuery()) {
                    firstStart = !rows.next();
                }
                List<Report> announce = new ArrayList<>();
                try (PreparedStatement decide = connection.prepareStatement(
                        "UPDATE relay_records SET announce = ? WHERE year = ? AND issue = ?")) {
                    for (int i = 0; i < undecided.size(); i++) {
                        Report report = undecided.get(i);
                        boolean yes = !firstStart || i == undecided.size() - 1;
                        decide.setBoolean(1, yes);
                        decide.setInt(2, report.year());
                        decide.setInt(3, report.issue());
                        decide.addBatch();
                        if (yes) {
                            announce.add(report);
                        }
                    }
                    queue.queue(announce);
                    decide.executeBatch();
                }
                connection.commit();
                return announce;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.failure("deciding announcements", e);
        }
    }

    @Override
    public List<Report> announced() {
        return Sql.query(dataSource, "SELECT record FROM relay_records WHERE announce ORDER BY year, issue",
                PgRecordStore::report);
    }

    private static Report report(ResultSet row) throws SQLException {
        try {
            return ReportJson.fromJson(ReportJson.mapper().readTree(row.getString("record")));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable record: " + e.getMessage(), e);
        }
    }
}
