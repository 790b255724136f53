package org.cncertrelay.page;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import org.jsoup.nodes.Entities;

/**
 * Reads a feed into its items: RSS (0.9x, 1.0, 2.0) and Atom with ROME, JSON Feed (1.0, 1.1) with Jackson.
 * Full-text feeds of public accounts carry the article HTML in {@code content:encoded} (RSS), {@code content}
 * (Atom), {@code description} or {@code content_html} (JSON Feed; wewe-rss and Wechat2RSS serve one), as CDATA or
 * entity-escaped: {@link FeedItem#html()} is that HTML, or null when the item carries only a link.
 *
 * <p>XML is parsed with ROME's defaults, which refuse a DOCTYPE and never resolve external entities: a feed
 * cannot make the relay read local files or expand entities without bound (XXE, billion laughs).
 */
public final class FeedReader {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/";
    private static final Pattern PROLOG_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][\\w.:-]*)[\"']");

    /**
     * Reads a feed as it came: bytes in {@code charset}, the one its Content-Type names (UTF-8 when it names none).
     * Bytes that are not valid in that charset are read in the encoding their XML prolog declares, as a feed sent
     * as bare {@code application/xml} with {@code <?xml version="1.0" encoding="GBK"?>} must be.
     */
    public List<FeedItem> read(byte[] content, Charset charset) throws PageRejected {
        WechatPageReader.rejectNull(content);
        return read(decode(content, charset));
    }

    public List<FeedItem> read(String text) throws PageRejected {
        WechatPageReader.rejectNull(text);
        String feed = text.strip();
        if (feed.startsWith("\uFEFF")) {
            feed = feed.substring(1).strip();
        }
        if (feed.startsWith("{")) {
            return readJsonFeed(feed);
        }
        if (!feed.startsWith("<")) {
            throw new PageRejected(PageProblem.MALFORMED, "neither an XML feed nor a JSON Feed");
        }
        return readXmlFeed(feed);
    }

    private static List<FeedItem> readXmlFeed(String xml) throws PageRejected {
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(new StringReader(xml));
        } catch (FeedException | IllegalArgumentException e) {
            throw new PageRejected(PageProblem.MALFORMED, "neither an RSS channel nor an Atom feed ("
                    + e.getMessage() + ")");
        }
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String html = firstNonBlank(entry.getContents().stream().map(SyndContent::getValue).toArray(String[]::new));
            if (html == null && entry.getDescription() != null) {
                html = blankToNull(entry.getDescription().getValue());
            }
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            items.add(new FeedItem(blankToNull(entry.getTitle()), link(entry), html,
                    date == null ? null : date.toInstant().atZone(SHANGHAI).toLocalDate()));
        }
        return items;
    }

    /** The item's link; an RSS item with none may name its page in a permalink guid. */
    private static String link(SyndEntry entry) {
        String link = blankToNull(entry.getLink());
        if (link == null && entry.getUri() != null && entry.getUri().matches("(?i)https?://.*")) {
            return entry.getUri().strip();
        }
        return link;
    }

    /** JSON Feed (https://jsonfeed.org/version/1.1): HTML in content_html, else plain text in content_text. */
    private static List<FeedItem> readJsonFeed(String text) throws PageRejected {
        JsonNode feed;
        try {
            feed = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new PageRejected(PageProblem.MALFORMED, "not JSON: " + e.getOriginalMessage());
        }
        if (!feed.path("version").asText("").startsWith(JSON_FEED_VERSION) || !feed.path("items").isArray()) {
            throw new PageRejected(PageProblem.MALFORMED, "JSON, but not a JSON Feed (no version " + JSON_FEED_VERSION
                    + "… and items)");
        }
        List<FeedItem> items = new ArrayList<>();
        for (JsonNode item : feed.path("items")) {
            String html = Optional.ofNullable(text(item, "content_html"))
                    .or(() -> Optional.ofNullable(text(item, "content_text")).map(FeedReader::textAsHtml))
                    .orElse(null);
            String id = text(item, "id");
            String link = firstNonBlank(text(item, "url"), text(item, "external_url"),
                    id != null && id.matches("(?i)https?://.*") ? id : null);
            String date = firstNonBlank(text(item, "date_published"), text(item, "date_modified"));
            items.add(new FeedItem(text(item, "title"), link, html, date(date)));
        }
        return items;
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value != null && value.isTextual() ? blankToNull(value.asText()) : null;
    }

    /** Plain text as the HTML an article body is read from: one paragraph per line. */
    private static String textAsHtml(String text) {
        StringBuilder html = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                html.append("<p>").append(Entities.escape(line.strip())).append("</p>\n");
            }
        }
        return html.toString();
    }

    /**
     * The text of a feed's bytes: a byte-order mark decides; then {@code charset} if the bytes are valid in it;
     * then the encoding the XML prolog declares, if they are valid in that; else {@code charset}, with
     * replacement characters where bytes are not valid.
     */
    static String decode(byte[] bytes, Charset charset) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
            return new String(bytes, StandardCharsets.UTF_16);
        }
        Optional<String> strict = strictly(bytes, charset);
        if (strict.isPresent()) {
            return strict.get();
        }
        // the prolog is ASCII in every encoding a feed is served in: read it as such
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1).strip();
        Matcher prolog = PROLOG_ENCODING.matcher(head);
        if (prolog.find() && Charset.isSupported(prolog.group(1))) {
            Optional<String> declared = strictly(bytes, Charset.forName(prolog.group(1)));
            if (declared.isPresent()) {
                return declared.get();
            }
        }
        return new String(bytes, charset);
    }

    private static Optional<String> strictly(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** RFC 822 (RSS) or ISO 8601 (Atom, JSON Feed) dates, as the calendar day in Asia/Shanghai. */
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
