package org.cncertrelay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.ReportJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded page ledger: {@code pages.jsonl}, one line per change; the last line for a key wins. Lines are not
 * forced to disk one by one: losing one to a power failure only makes a page be read again (its issue is already
 * in the record store) or retried sooner.
 */
public final class FilePageLedger implements PageLedger {

    private static final Logger LOG = LoggerFactory.getLogger(FilePageLedger.class);

    private final Path journal;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public FilePageLedger(Path dataDir) {
        this.journal = dataDir.resolve("pages.jsonl");
        int[] lines = {0};
        try {
            DurableFiles.replay(journal, line -> {
                Entry entry = fromJson(ReportJson.mapper().readTree(line));
                entries.put(entry.key(), entry);
                lines[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journal + ": " + e.getMessage(), e);
        }
        if (lines[0] > 2 * entries.size() + 100) {
            try {
                compact();
            } catch (IOException e) {
                LOG.warn("Cannot compact {}: {} — it is compacted on a later start", journal, e.getMessage());
            }
        }
    }

    @Override
    public synchronized Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized List<Entry> dueRetries(Instant now) {
        return entries.values().stream()
                .filter(entry -> entry.status() == Status.TEMPORARY_FAILURE && !entry.retryAt().isAfter(now)
                        || entry.retriedByNewParser())
                .toList();
    }

    /**
     * Kept in memory even when the disk refuses the line (DurableFiles says so): this process still knows the
     * page's standing, and after a restart the lost line only makes the page be read again.
     */
    @Override
    public synchronized boolean liveRetryPending() {
        return entries.values().stream().anyMatch(entry -> entry.status() == Status.TEMPORARY_FAILURE
                && entry.depth() == 0 && !entry.key().startsWith("file:"));
    }

    @Override
    public synchronized void put(Entry entry) {
        entries.put(entry.key(), entry);
        try {
            DurableFiles.appendRedoable(journal, toJson(entry) + "\n");
        } catch (DurableFiles.WriteFailedException e) {
            // reported by DurableFiles, once per spell of failures
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journal + ": " + e.getMessage(), e);
        }
    }

    /** Every page's standing, in the order first seen: for the start-up check against the record store. */
    synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private void compact() throws IOException {
        StringBuilder content = new StringBuilder();
        entries.values().forEach(entry -> content.append(toJson(entry)).append('\n'));
        DurableFiles.replace(journal, content.toString());
    }

    private static String toJson(Entry entry) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("key", entry.key());
        json.put("url", entry.url());
        json.put("status", entry.status().name());
        json.put("problem", entry.problem() == null ? null : entry.problem().name());
        json.put("attempts", entry.attempts());
        json.put("retry_at", entry.retryAt() == null ? null : entry.retryAt().toString());
        json.put("depth", entry.depth());
        json.put("parser_version", entry.parserVersion());
        return json.toString();
    }

    private static Entry fromJson(JsonNode json) {
        return new Entry(json.get("key").asText(), json.path("url").asText(null),
                Status.valueOf(json.get("status").asText()),
                json.path("problem").isTextual() ? PageProblem.valueOf(json.get("problem").asText()) : null,
                json.path("attempts").asInt(),
                json.path("retry_at").isTextual() ? Instant.parse(json.get("retry_at").asText()) : null,
                json.path("depth").asInt(),
                // a line written before the parser's version was kept was judged by parser 1
                json.path("parser_version").asInt(1));
    }

    Path journal() {
        return journal;
    }
}
