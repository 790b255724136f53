package org.cncertrelay.crawl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.cncertrelay.fetch.FetchedPage;
import org.cncertrelay.fetch.PoliteFetcher;
import org.cncertrelay.page.GzipBody;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;

/** The fetch stage: loads a task's content over HTTP, from the archive folder, or from the feed item itself. */
public final class PageSource {

    private final PoliteFetcher fetcher;
    private final long maxBytes;

    public PageSource(PoliteFetcher fetcher, long maxBytes) {
        this.fetcher = fetcher;
        this.maxBytes = maxBytes;
    }

    /** @return a {@link Loaded}, or a {@link PageOutcome.Rejected} saying why nothing could be loaded */
    public Object fetch(FetchTask task) {
        try {
            return switch (task.kind()) {
                case PAGE, FEED -> {
                    FetchedPage page = fetcher.fetch(task.uri(), task.configured());
                    yield new Loaded(task, GzipBody.inflateIfCompressed(page.body(), maxBytes), page.charset(),
                            page.finalUri());
                }
                case FEED_ITEM -> Loaded.ofText(task, task.item().html(), task.uri());
                case FILE -> {
                    if (Files.size(task.file()) > maxBytes) {
                        throw new PageRejected(PageProblem.TOO_LARGE, Files.size(task.file()) + " bytes");
                    }
                    yield new Loaded(task, Files.readAllBytes(task.file()), StandardCharsets.UTF_8, null);
                }
            };
        } catch (PageRejected rejected) {
            return new PageOutcome.Rejected(task, rejected.problem(), rejected.getMessage());
        } catch (IOException | RuntimeException e) {
            // an unreadable file: the content, not the daemon, is at fault
            return new PageOutcome.Rejected(task, PageProblem.MALFORMED, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
