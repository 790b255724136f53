package org.cncertrelay.crawl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.cncertrelay.fetch.FetchedPage;
import org.cncertrelay.fetch.PoliteFetcher;
import org.cncertrelay.page.ArticleAddress;
import org.cncertrelay.page.GzipBody;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.raw.RawArchive;

/** The fetch stage: loads a task's content over HTTP, from the archive folder, or from the feed item itself. */
public final class PageSource {

    private final PoliteFetcher fetcher;
    private final long maxBytes;
    private final RawArchive raw;
    private final Clock clock;

    /** @param raw where the content is kept as received, before anything interprets it */
    public PageSource(PoliteFetcher fetcher, long maxBytes, RawArchive raw, Clock clock) {
        this.fetcher = fetcher;
        this.maxBytes = maxBytes;
        this.raw = raw;
        this.clock = clock;
    }

    /**
     * The content a capture of the raw archive holds, loaded as {@link #fetch} loaded it when it was received,
     * without any request: for {@code --reparse}.
     *
     * @return a {@link Loaded}, or a {@link PageOutcome.Rejected} saying why nothing could be loaded
     */
    public static Object replay(RawArchive.Capture capture, long maxBytes) {
        String uri = capture.uri().toString();
        FetchTask task = switch (capture.kind()) {
            case PAGE -> new FetchTask(FetchTask.Kind.PAGE, ArticleAddress.parse(uri).map(ArticleAddress::key)
                    .orElse(uri), capture.uri(), null, null, 0, false, false);
            case FEED -> new FetchTask(FetchTask.Kind.FEED, "feed:" + uri, capture.uri(), null, null, 0, false,
                    false);
            case FILE -> new FetchTask(FetchTask.Kind.FILE, uri, null, Path.of(capture.uri()), null, 0, false,
                    false);
        };
        if (capture.kind() == RawArchive.Kind.FILE) {
            return new Loaded(task, capture.body(), StandardCharsets.UTF_8, null);
        }
        try {
            return new Loaded(task, GzipBody.inflateIfCompressed(capture.body(), maxBytes),
                    PoliteFetcher.charset(capture.contentType().orElse(null)), capture.uri());
        } catch (PageRejected rejected) {
            return new PageOutcome.Rejected(task, rejected.problem(), rejected.getMessage());
        }
    }

    /** @return a {@link Loaded}, or a {@link PageOutcome.Rejected} saying why nothing could be loaded */
    public Object fetch(FetchTask task) {
        try {
            return switch (task.kind()) {
                case PAGE, FEED -> {
                    FetchedPage page = fetcher.fetch(task.uri(), task.configured());
                    // kept as received: a body that came gzip-compressed is kept compressed
                    raw.keep(new RawArchive.Capture(task.kind() == FetchTask.Kind.FEED ? RawArchive.Kind.FEED
                            : RawArchive.Kind.PAGE, page.finalUri(), clock.instant(), page.status(), page.headers(),
                            page.body()));
                    yield new Loaded(task, GzipBody.inflateIfCompressed(page.body(), maxBytes), page.charset(),
                            page.finalUri());
                }
                case FEED_ITEM -> Loaded.ofText(task, task.item().html(), task.uri());
                case FILE -> {
                    if (Files.size(task.file()) > maxBytes) {
                        throw new PageRejected(PageProblem.TOO_LARGE, Files.size(task.file()) + " bytes");
                    }
                    byte[] content = Files.readAllBytes(task.file());
                    raw.keep(new RawArchive.Capture(RawArchive.Kind.FILE, task.file().toAbsolutePath().toUri(),
                            clock.instant(), 0, Map.of(), content));
                    yield new Loaded(task, content, StandardCharsets.UTF_8, null);
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
