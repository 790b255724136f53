package org.cncertrelay.page;

import java.time.LocalDate;
import java.util.List;

/**
 * An article as read from any source (live page, feed item, saved page, markdown snapshot), before the bulletin's
 * text is interpreted. {@code text} is the body as plain text; {@code recallLinks} are the links after 近期回顾.
 */
public record Article(
        String title,
        String account,
        ArticleAddress address,
        LocalDate published,
        String text,
        List<String> images,
        List<Link> recallLinks) {

    public Article {
        images = List.copyOf(images);
        recallLinks = List.copyOf(recallLinks);
    }

    /** A link in the article: its visible text and where it points. */
    public record Link(String text, String href) {
    }
}
