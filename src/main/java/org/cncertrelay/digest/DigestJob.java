package org.cncertrelay.digest;

import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.store.RecordStore;

/**
 * The digest stage: sends every announced issue that no earlier digest contained. Backfilled issues (archive,
 * recall links, {@code --backfill}) are recorded but never announced, so they never flood a digest.
 */
public final class DigestJob {

    private final RecordStore store;
    private final DigestService service;
    private final RelayMetrics metrics;

    public DigestJob(RecordStore store, DigestService service, RelayMetrics metrics) {
        this.store = store;
        this.service = service;
        this.metrics = metrics;
    }

    public DigestResult send() {
        DigestResult result = service.sendDigest(store.announced(), store.all());
        metrics.digestRun(result.status().name().toLowerCase(java.util.Locale.ROOT), result.sentTo().size());
        return result;
    }
}
