package org.cncertrelay.fetch;

/** A body past the size cap: the page is rejected, not truncated. */
final class TooLarge extends RuntimeException {

    TooLarge() {
        super("body larger than reports.max-page-bytes", null, false, false);
    }
}
