package org.cncertrelay.crawl;

import java.net.URI;
import java.nio.file.Path;

import org.cncertrelay.config.Redaction;
import org.cncertrelay.page.FeedReader.FeedItem;

/**
 * One thing to read in a poll. {@code key} identifies it in the page ledger (article identity, feed URL or archive
 * file); {@code depth} counts the recall links followed to reach it; {@code announce} says whether a record found
 * here may be announced (live sources outside backfill) or only recorded (archives, recall links, backfill);
 * {@code configured} says whether {@code uri} is from the relay's own configuration (reports.urls, reports.feeds),
 * which alone is requested without {@code reports.allowed-hosts} deciding.
 */
public record FetchTask(Kind kind, String key, URI uri, Path file, FeedItem item, int depth, boolean announce,
        boolean configured) {

    public enum Kind {
        /** An article page fetched over HTTP. */
        PAGE,
        /** An RSS or Atom feed fetched over HTTP. */
        FEED,
        /** A feed item that carries the article HTML: parsed without a request. */
        FEED_ITEM,
        /** A saved page or snapshot in the archive folder. */
        FILE
    }

    /** Where this came from, for log lines: without the credentials a URL may carry. */
    public String where() {
        return switch (kind) {
            case FILE -> file.toString();
            case FEED_ITEM -> (item.link() == null ? item.title() : Redaction.withoutCredentials(item.link()))
                    + " (feed item)";
            default -> Redaction.withoutCredentials(uri.toString());
        };
    }
}
