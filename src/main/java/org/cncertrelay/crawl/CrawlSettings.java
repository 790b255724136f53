package org.cncertrelay.crawl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sources of a poll and the limits on following recall links (which hosts may be requested is the
 * {@link org.cncertrelay.fetch.HostPolicy}'s to say).
 */
public record CrawlSettings(
        List<URI> urls,
        List<URI> feeds,
        Path archiveDir,
        int followDepth,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        boolean backfill) {
}
