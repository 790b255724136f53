package org.cncertrelay.crawl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The sources of a poll and the limits on following recall links.
 */
public record CrawlSettings(
        List<URI> urls,
        List<URI> feeds,
        Path archiveDir,
        Set<String> allowedHosts,
        int followDepth,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        boolean backfill) {
}
