package org.cncertrelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.report.Report;
import org.cncertrelay.report.ReportJson;
import org.cncertrelay.report.ReportKey;

/**
 * The embedded record store: one append-only journal, {@code records.jsonl}, replayed into memory at start.
 * Each state change is one line, forced to disk before the change counts, so a crash loses at most the change that
 * was being written. Fanned-out marks are the exception: losing one to a power failure only makes the record be
 * fanned out again, and every sink ignores a record it already has.
 */
public final class FileRecordStore implements RecordStore {

    private final Path journal;
    private final NavigableMap<ReportKey, Report> records = new TreeMap<>();
    private final Set<ReportKey> candidates = new HashSet<>();
    private final Set<ReportKey> fannedOut = new HashSet<>();
    private final Map<ReportKey, Boolean> decisions = new TreeMap<>();
    /** Issues whose line is being written: not recorded yet, and not to be admitted twice. */
    private final Set<ReportKey> admitting = new HashSet<>();
    /** The news baseline held while missed live pages wait for a retry; null when none is held. */
    private ReportKey heldBaseline;

    public FileRecordStore(Path dataDir) {
        this.journal = dataDir.resolve("records.jsonl");
        try {
            DurableFiles.replay(journal, line -> replay(ReportJson.mapper().readTree(line)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journal + ": " + e.getMessage(), e);
        }
    }

    private void replay(JsonNode entry) {
        String event = entry.path("event").asText();
        ReportKey key = new ReportKey(entry.path("year").asInt(), entry.path("issue").asInt());
        switch (event) {
            case "recorded" -> {
                Report report = ReportJson.fromJson(entry.get("record"));
                records.putIfAbsent(report.key(), report);
                if (entry.path("announce_candidate").asBoolean()) {
                    candidates.add(report.key());
                }
            }
            case "url_upgraded" -> records.computeIfPresent(key,
                    (known, report) -> report.withUrl(entry.path("url").asText()));
            case "corrected" -> records.computeIfPresent(key,
                    (known, report) -> ReportJson.fromJson(entry.get("record")));
            case "fanned_out" -> fannedOut.add(key);
            case "announcement" -> decisions.put(key, entry.path("announce").asBoolean());
            case "baseline_held" -> heldBaseline = key;
            case "baseline_released" -> heldBaseline = null;
            default -> throw new IllegalStateException("unknown event \"" + event + "\"");
        }
    }

    /**
     * The record counts once its line is on disk. The disk is waited for outside this store's lock: readers
     * recording other issues meanwhile write and force their lines too, and one flush of the journal can carry
     * several; a second admission of the same issue meanwhile is refused, as it would be afterwards.
     */
    @Override
    public boolean admit(Report report, boolean announceCandidate) {
        synchronized (this) {
            if (records.containsKey(report.key()) || !admitting.add(report.key())) {
                return false;
            }
        }
        try {
            ObjectNode entry = entry("recorded", report.key());
            entry.put("announce_candidate", announceCandidate);
            entry.set("record", ReportJson.toJson(report));
            write(entry);
            synchronized (this) {
                records.put(report.key(), report);
                if (announceCandidate) {
                    candidates.add(report.key());
                }
            }
            return true;
        } finally {
            synchronized (this) {
                admitting.remove(report.key());
            }
        }
    }

    @Override
    public synchronized boolean contains(ReportKey key) {
        return records.containsKey(key);
    }

    @Override
    public synchronized Optional<Report> get(ReportKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized boolean preferCanonicalUrl(Report seen) {
        Report stored = records.get(seen.key());
        if (stored == null || !RecordStore.upgradesUrl(stored.url(), seen.url())) {
            return stored != null && Objects.equals(stored.url(), seen.url()) && RecordStore.isIdentity(seen.url());
        }
        write(entry("url_upgraded", seen.key()).put("url", seen.url()));
        records.put(seen.key(), stored.withUrl(seen.url()));
        return true;
    }

    @Override
    public synchronized boolean correct(Report corrected) {
        Report stored = records.get(corrected.key());
        if (stored == null || RecordStore.sameRecord(stored, corrected)) {
            return false;
        }
        ObjectNode entry = entry("corrected", corrected.key());
        entry.set("record", ReportJson.toJson(corrected));
        write(entry);
        records.put(corrected.key(), corrected);
        return true;
    }

    @Override
    public synchronized List<Report> all() {
        return new ArrayList<>(records.values());
    }

    @Override
    public synchronized Optional<ReportKey> announcementBaseline() {
        Optional<ReportKey> settled = records.descendingKeySet().stream().filter(key -> !undecided(key)).findFirst();
        return heldBaseline == null ? settled : settled.filter(key -> key.compareTo(heldBaseline) < 0)
                .or(() -> Optional.of(heldBaseline));
    }

    @Override
    public synchronized void holdBaseline(ReportKey baseline) {
        if (heldBaseline == null) {
            write(entry("baseline_held", baseline));
            heldBaseline = baseline;
        }
    }

    @Override
    public synchronized void releaseBaseline() {
        if (heldBaseline != null) {
            write(entry("baseline_released", heldBaseline));
            heldBaseline = null;
        }
    }

    private boolean undecided(ReportKey key) {
        return candidates.contains(key) && !decisions.containsKey(key);
    }

    @Override
    public synchronized Optional<Report> previous(ReportKey key) {
        return Optional.ofNullable(records.lowerEntry(key)).map(Map.Entry::getValue);
    }

    @Override
    public synchronized List<Report> notFannedOut() {
        return records.values().stream().filter(report -> !fannedOut.contains(report.key())).toList();
    }

    @Override
    public synchronized void markFannedOut(ReportKey key) {
        if (fannedOut.add(key)) {
            write(entry("fanned_out", key) + "\n", false);
        }
    }

    @Override
    public synchronized List<Report> decideAnnouncements(AnnouncementQueue queue) {
        List<ReportKey> undecided = candidates.stream().filter(key -> !decisions.containsKey(key)).sorted().toList();
        if (undecided.isEmpty()) {
            return List.of();
        }
        boolean firstStart = records.keySet().stream().allMatch(this::undecided);
        ReportKey newest = undecided.get(undecided.size() - 1);
        Map<ReportKey, Boolean> decided = new LinkedHashMap<>();
        undecided.forEach(key -> decided.put(key, !firstStart || key.equals(newest)));
        List<Report> announce = decided.entrySet().stream().filter(Map.Entry::getValue)
                .map(e -> records.get(e.getKey())).toList();
        queue.queue(announce);
        // the poll's decisions in one write, forced once: a catch-up of many issues is decided all at once
        StringBuilder lines = new StringBuilder();
        decided.forEach((key, yes) -> lines.append(entry("announcement", key).put("announce", yes)).append('\n'));
        write(lines.toString(), true);
        decisions.putAll(decided);
        return announce;
    }

    @Override
    public synchronized List<Report> announced() {
        return decisions.entrySet().stream().filter(Map.Entry::getValue).map(e -> records.get(e.getKey())).toList();
    }

    private static ObjectNode entry(String event, ReportKey key) {
        ObjectNode entry = ReportJson.mapper().createObjectNode();
        entry.put("event", event);
        entry.put("year", key.year());
        entry.put("issue", key.issue());
        return entry;
    }

    private void write(ObjectNode entry) {
        write(entry + "\n", true);
    }

    private void write(String lines, boolean force) {
        try {
            if (force) {
                DurableFiles.append(journal, lines);
            } else {
                DurableFiles.appendRedoable(journal, lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journal + ": " + e.getMessage(), e);
        }
    }

    Path journal() {
        return journal;
    }
}
