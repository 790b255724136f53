package org.cncertrelay.digest;

import java.util.List;
import java.util.Set;
import org.cncertrelay.report.ReportKey;

/**
 * What every digest contained and whom it reached, with each digest's prepared message: the state that makes a
 * digest go out once. A ledger is opened for one run and held exclusively until closed, so no two runs (threads,
 * processes or, on a shared database, instances) can prepare or send at the same time. Kept as files in the data
 * directory ({@link FileDigestLedger}) or in PostgreSQL for several instances ({@link PostgresDigestLedger}).
 *
 * <p>Each change is durable when the method returns: a digest is recorded as prepared before anything is sent, and
 * each subscriber as sent or failed right after the server's answer, so whoever opens the ledger next resumes
 * exactly the copies still owed.
 */
interface DigestLedger extends AutoCloseable {

    /** Where ledgers come from; {@link #open()} blocks while another run holds the ledger. */
    @FunctionalInterface
    interface Store {
        DigestLedger open();
    }

    /**
     * A digest still owing copies.
     *
     * @param id     unique, also the stem of its Message-IDs
     * @param issues its issues, newest first
     * @param owed   subscribers (RFC 822 text) neither sent to nor given up on, in the order they were listed
     */
    record Digest(String id, List<ReportKey> issues, List<String> owed) {

        public Digest {
            issues = List.copyOf(issues);
            owed = List.copyOf(owed);
        }
    }

    /** Issues some digest already contains (sent or still owed), so they are never put in another. */
    Set<ReportKey> digested();

    /** Digests that still owe someone a copy, oldest first. */
    List<Digest> unfinished();

    /**
     * Records a new digest with its message, shared by all subscribers, before any copy is sent.
     *
     * @param issues     newest first; none may be in an earlier digest
     * @param recipients in the order they are served, without repeats
     */
    Digest prepare(String id, List<ReportKey> issues, List<String> recipients, byte[] message);

    /** The message stored by {@link #prepare}, byte for byte. */
    byte[] message(Digest digest);

    void sent(Digest digest, String recipient);

    /** The subscriber was refused for good and is not retried. */
    void failed(Digest digest, String recipient, String reason);

    /** Lets the next run in. */
    @Override
    void close();
}
