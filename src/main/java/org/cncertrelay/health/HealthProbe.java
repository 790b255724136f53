package org.cncertrelay.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at what health depends on in the background, every few seconds, and keeps the last answer, so a health
 * probe is answered at once from memory and never waits on a database that is gone. It also notices the shared
 * database going away and coming back, and says each once in the log.
 */
public final class HealthProbe implements AutoCloseable {

    /** A check that the shared database answers; throws when it does not. */
    @FunctionalInterface
    public interface DatabaseCheck {
        void ping() throws Exception;
    }

    /**
     * What the last look found.
     *
     * @param lastPollSuccess   the last successful poll (of the cluster, on a shared database), if any
     * @param deadLetters       dead letters waiting, as last counted
     * @param databaseDownSince when the database stopped answering, or null while it answers (or there is none)
     * @param databaseProblem   why it does not answer, or null
     */
    public record Snapshot(Instant lastPollSuccess, int deadLetters, Instant databaseDownSince,
            String databaseProblem) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);

    private final Supplier<Optional<Instant>> lastPollSuccess;
    private final IntSupplier deadLetters;
    private final DatabaseCheck database;
    private final Clock clock;
    private final Thread thread;
    private volatile Snapshot snapshot = new Snapshot(null, 0, null, null);

    /**
     * Takes a first look now, then one every {@code interval} on a daemon thread.
     *
     * @param database null when the relay has no shared database
     */
    public HealthProbe(Supplier<Optional<Instant>> lastPollSuccess, IntSupplier deadLetters, DatabaseCheck database,
            Clock clock, Duration interval) {
        this.lastPollSuccess = lastPollSuccess;
        this.deadLetters = deadLetters;
        this.database = database;
        this.clock = clock;
        look();
        this.thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(interval.toMillis());
                    look();
                }
            } catch (InterruptedException e) {
                // close()
            }
        }, "health-probe");
        thread.setDaemon(true);
        thread.start();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** One look at everything; what cannot be read now keeps its last known value. */
    void look() {
        Snapshot last = snapshot;
        Instant downSince = last.databaseDownSince();
        String problem = last.databaseProblem();
        if (database != null) {
            try {
                database.ping();
                if (downSince != null) {
                    LOG.info("The database answers again, after {} s unreachable; deferred work resumes",
                            Duration.between(downSince, clock.instant()).toSeconds());
                }
                downSince = null;
                problem = null;
            } catch (Exception e) {
                if (downSince == null) {
                    downSince = clock.instant();
                    LOG.warn("The database is unreachable: {} — health is DOWN; polls, deliveries and digests wait "
                            + "for it, and pages read meanwhile are retried", e.getMessage());
                }
                problem = e.getMessage();
            }
        }
        Instant lastSuccess = last.lastPollSuccess();
        int letters = last.deadLetters();
        if (downSince == null) {
            try {
                lastSuccess = lastPollSuccess.get().orElse(null);
                letters = deadLetters.getAsInt();
            } catch (RuntimeException e) {
                LOG.debug("Health look-up failed: {}", e.toString());
            }
        }
        snapshot = new Snapshot(lastSuccess, letters, downSince, problem);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
