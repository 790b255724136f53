package org.cncertrelay.digest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cncertrelay.report.ReportKey;
import org.cncertrelay.store.DurableFiles;

/**
 * What every digest contained and whom it reached, as a journal of JSON lines appended through
 * {@link DurableFiles}: {@code prepared} (the digest's issues and subscribers, written before anything is sent),
 * then one {@code sent} or {@code failed} line per subscriber, written right after the outcome is known. Replaying
 * the journal tells which issues are already taken by a digest and which subscribers a digest still owes.
 */
final class DigestLedger {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** One journal line. Fields a given event does not use are null and left out of the JSON. */
    record Entry(String event, String digest, List<String> issues, List<String> recipients, String recipient,
                 String reason) {
    }

    /** A digest as the journal knows it; recipients are kept in their RFC 822 text form. */
    static final class Digest {
        final String id;
        final List<ReportKey> issues;
        final List<String> recipients;
        final Set<String> settled = new HashSet<>();

        Digest(String id, List<ReportKey> issues, List<String> recipients) {
            this.id = id;
            this.issues = List.copyOf(issues);
            this.recipients = List.copyOf(recipients);
        }

        /** Subscribers neither sent to nor given up on, in the order they were listed. */
        List<String> owed() {
            return recipients.stream().filter(recipient -> !settled.contains(recipient)).toList();
        }
    }

    private final Path journal;
    private final Map<String, Digest> digests = new LinkedHashMap<>();

    private DigestLedger(Path journal) {
        this.journal = journal;
    }

    static DigestLedger load(Path journal) throws IOException {
        DigestLedger ledger = new DigestLedger(journal);
        for (String line : DurableFiles.readJournal(journal)) {
            ledger.apply(JSON.readValue(line, Entry.class));
        }
        return ledger;
    }

    /** Issues some digest already contains (sent or still owed), so they are never put in another. */
    Set<ReportKey> digested() {
        Set<ReportKey> keys = new HashSet<>();
        digests.values().forEach(digest -> keys.addAll(digest.issues));
        return keys;
    }

    /** Digests that still owe someone a copy, oldest first. */
    List<Digest> unfinished() {
        return digests.values().stream().filter(digest -> !digest.owed().isEmpty()).toList();
    }

    Digest prepare(String id, List<ReportKey> issues, List<String> recipients) {
        List<String> keys = issues.stream().map(key -> key.year() + "-" + key.issue()).toList();
        record(new Entry("prepared", id, keys, recipients, null, null));
        return digests.get(id);
    }

    void sent(Digest digest, String recipient) {
        record(new Entry("sent", digest.id, null, null, recipient, null));
    }

    void failed(Digest digest, String recipient, String reason) {
        record(new Entry("failed", digest.id, null, null, recipient, reason));
    }

    private void record(Entry entry) {
        try {
            DurableFiles.append(journal, JSON.writeValueAsString(entry) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + entry, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the digest ledger " + journal, e);
        }
        apply(entry);
    }

    private void apply(Entry entry) {
        switch (entry.event()) {
            case "prepared" -> digests.put(entry.digest(), new Digest(entry.digest(), keys(entry.issues()),
                    entry.recipients()));
            case "sent", "failed" -> digests.get(entry.digest()).settled.add(entry.recipient());
            default -> throw new IllegalStateException("unknown ledger event in " + journal + ": " + entry);
        }
    }

    private static List<ReportKey> keys(Collection<String> texts) {
        List<ReportKey> keys = new ArrayList<>();
        for (String text : texts) {
            int dash = text.indexOf('-');
            keys.add(new ReportKey(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1))));
        }
        return keys;
    }
}
