package org.cncertrelay.crawl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The sources of a poll, the limits on following recall links, and how many pages are read at once
 * ({@code parallelism}; requests to one host never overlap, but one page is parsed and stored while the next is
 * fetched).
 */
public record CrawlSettings(
        List<URI> urls,
        List<URI> feeds,
        Path archiveDir,
        Set<String> allowedHosts,
        int followDepth,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        boolean backfill,
        int parallelism) {
}
