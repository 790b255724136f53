package org.cncertrelay.digest;

import org.cncertrelay.store.RecordStore;

/**
 * The digest stage: sends every announced issue that no earlier digest contained. Backfilled issues (archive,
 * recall links, {@code --backfill}) are recorded but never announced, so they never flood a digest.
 */
public final class DigestJob {

    private final RecordStore store;
    private final DigestService service;

    public DigestJob(RecordStore store, DigestService service) {
        this.store = store;
        this.service = service;
    }

    public DigestResult send() {
        return service.sendDigest(store.announced(), store.all());
    }
}
