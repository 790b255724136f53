package org.cncertrelay.crawl;

import java.util.Locale;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.FeedReader;
import org.cncertrelay.page.GarbledText;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.page.SnapshotReader;
import org.cncertrelay.page.WechatPageReader;
import org.cncertrelay.report.BulletinParser;
import org.cncertrelay.report.Report;

/** The parse stage: turns loaded content into an issue, a feed's items, or the reason it is neither. */
public final class PageInterpreter {

    private final WechatPageReader pageReader = new WechatPageReader();
    private final SnapshotReader snapshotReader = new SnapshotReader();
    private final FeedReader feedReader = new FeedReader();
    private final BulletinParser parser;

    /** @param messages the language of the warnings kept with each record ({@code relay.language}) */
    public PageInterpreter(Messages messages) {
        this.parser = new BulletinParser(messages);
    }

    /** @param fetched a {@link Loaded}, or a {@link PageOutcome.Rejected} from the fetch stage, passed through */
    public PageOutcome parse(Object fetched) {
        if (fetched instanceof PageOutcome outcome) {
            return outcome;
        }
        Loaded loaded = (Loaded) fetched;
        FetchTask task = loaded.task();
        try {
            if (task.kind() == FetchTask.Kind.FEED) {
                return new PageOutcome.FeedRead(task, feedReader.read(loaded.content(), loaded.charset()));
            }
            Article article = read(loaded);
            Report report = parseUnlessGarbled(article);
            if (task.kind() == FetchTask.Kind.FEED_ITEM && report.incidentsTotal() == null
                    && report.legacyFigures().isEmpty()) {
                // A link-only feed's description is the digest (本周，…整体评价为良。): it parses as an issue with a
                // rating and no count at all. That is a summary, not the article; the crawl fetches the page.
                throw new PageRejected(PageProblem.EMPTY_BODY, "feed item carries a summary, not the article");
            }
            return new PageOutcome.Parsed(task, report, article.recallLinks());
        } catch (PageRejected rejected) {
            return new PageOutcome.Rejected(task, rejected.problem(), rejected.getMessage());
        } catch (RuntimeException e) {
            // a page this malformed is the page's fault; the poll goes on with the next one
            return new PageOutcome.Rejected(task, PageProblem.MALFORMED, e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /**
     * A page or item whose text was mis-decoded is no evidence that it is not the bulletin: it is UNDECODABLE, read
     * again on the next poll, instead of rejected for good.
     */
    private Report parseUnlessGarbled(Article article) throws PageRejected {
        try {
            return parser.parse(article);
        } catch (PageRejected rejected) {
            // another series is known by its title; the body is looked at only when the title was the bulletin's
            boolean bodyCounts = rejected.problem() != PageProblem.NOT_THIS_BULLETIN;
            if (!rejected.problem().temporary() && (GarbledText.looksGarbled(article.title())
                    || bodyCounts && GarbledText.looksGarbled(article.text()))) {
                throw new PageRejected(PageProblem.UNDECODABLE, rejected.getMessage());
            }
            throw rejected;
        }
    }

    private Article read(Loaded loaded) throws PageRejected {
        FetchTask task = loaded.task();
        return switch (task.kind()) {
            case PAGE -> pageReader.readPage(loaded.content(), loaded.charset(), loaded.finalUri());
            case FEED_ITEM -> pageReader.readFragment(loaded.text(), task.item().title(), task.uri(),
                    task.item().published());
            case FILE -> {
                String name = task.file().getFileName().toString().toLowerCase(Locale.ROOT);
                yield name.endsWith(".html") || name.endsWith(".htm")
                        ? pageReader.readPage(loaded.content(), loaded.charset(), null)
                        : snapshotReader.read(loaded.text());
            }
            case FEED -> throw new IllegalStateException("feeds are not articles");
        };
    }
}
