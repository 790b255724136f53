package org.cncertrelay.page;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads an RSS 2.0 or Atom feed into its items. Full-text feeds of public accounts carry the article HTML in
 * {@code content:encoded} (RSS), {@code content} (Atom) or {@code description}; {@link FeedItem#html()} is that
 * HTML, or null when the item carries only a link.
 */
public final class FeedReader {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public List<FeedItem> read(String xml) throws PageRejected {
        WechatPageReader.rejectNull(xml);
        Document feed = Jsoup.parse(xml, "", Parser.xmlParser());
        boolean rss = feed.selectFirst("rss > channel, rdf|RDF, channel") != null;
        boolean atom = feed.selectFirst("feed") != null;
        if (!rss && !atom) {
            throw new PageRejected(PageProblem.MALFORMED, "neither an RSS channel nor an Atom feed");
        }
        List<FeedItem> items = new ArrayList<>();
        for (Element item : feed.select(rss ? "item" : "entry")) {
            String title = childText(item, "title");
            String link = rss ? childText(item, "link") : atomLink(item);
            String html = firstNonBlank(childText(item, "content|encoded"), childText(item, "content"),
                    childText(item, "description"), childText(item, "summary"));
            String date = firstNonBlank(childText(item, "pubDate"), childText(item, "published"),
                    childText(item, "updated"), childText(item, "dc|date"));
            items.add(new FeedItem(title, link, html, date(date)));
        }
        return items;
    }

    private static String atomLink(Element entry) {
        for (Element link : entry.select("link")) {
            String rel = link.attr("rel");
            if (rel.isEmpty() || rel.equals("alternate")) {
                return link.attr("href");
            }
        }
        return null;
    }

    private static String childText(Element parent, String tag) {
        for (Element child : parent.children()) {
            if (child.tagName().equalsIgnoreCase(tag.replace('|', ':'))) {
                // CDATA and escaped HTML both arrive as text; wholeText keeps the markup as written
                String text = child.wholeText().trim();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** RFC 822 (RSS) or ISO 8601 (Atom) dates, as the calendar day in Asia/Shanghai. */
    static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                    .withZoneSameInstant(SHANGHAI).toLocalDate();
        } catch (RuntimeException notRfc) {
            try {
                return OffsetDateTime.parse(text).atZoneSameInstant(SHANGHAI).toLocalDate();
            } catch (RuntimeException notIso) {
                return text.length() >= 10 && text.charAt(4) == '-' ? parseDay(text.substring(0, 10)) : null;
            }
        }
    }

    private static LocalDate parseDay(String text) {
        try {
            return LocalDate.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One item of a feed. */
    public record FeedItem(String title, String link, String html, LocalDate published) {
    }
}
