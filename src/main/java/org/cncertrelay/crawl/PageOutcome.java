package org.cncertrelay.crawl;

import java.util.List;

import org.cncertrelay.page.Article;
import org.cncertrelay.page.FeedReader.FeedItem;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.report.Report;

/** What reading one {@link FetchTask} gave. */
public sealed interface PageOutcome {

    FetchTask task();

    /** An issue of the bulletin, and the recall links it lists. */
    record Parsed(FetchTask task, Report report, List<Article.Link> recallLinks) implements PageOutcome {
    }

    /** A feed and its items. */
    record FeedRead(FetchTask task, List<FeedItem> items) implements PageOutcome {
    }

    /** Not an issue: why, and the detail for the log. */
    record Rejected(FetchTask task, PageProblem problem, String detail) implements PageOutcome {
    }
}
