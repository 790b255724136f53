package org.cncertrelay.page;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an archived snapshot: YAML front matter ({@code title}, {@code url}, {@code source}, {@code date}) followed
 * by the article converted to markdown, page chrome included.
 */
public final class SnapshotReader {

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\(([^)\\s]*)\\)");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final String BODY_START = "本周网络安全基本态势";
    private static final String RECALL_HEADING = "近期回顾";
    /** The first line of the page chrome that follows the article in a snapshot. */
    private static final String CHROME_START = "预览时标签不可点";

    public Article read(String snapshot) throws PageRejected {
        WechatPageReader.rejectNull(snapshot);
        String normalised = snapshot.replace("\r\n", "\n").replace("\uFEFF", "");
        if (!normalised.startsWith("---\n")) {
            throw new PageRejected(PageProblem.MALFORMED, "no YAML front matter (a first line of ---)");
        }
        int end = normalised.indexOf("\n---", 4);
        if (end < 0) {
            throw new PageRejected(PageProblem.MALFORMED, "front matter is not closed by a line of ---");
        }
        Map<String, String> front = frontMatter(normalised.substring(4, end));
        String body = normalised.substring(normalised.indexOf('\n', end + 1) + 1);

        String title = front.getOrDefault("title", "");
        ArticleAddress address = ArticleAddress.parse(front.get("url")).orElse(null);
        // A date with a time and offset (2024-10-08T16:30:00Z) is a moment: its day is the day in Asia/Shanghai.
        LocalDate published = FeedReader.date(front.get("date"));
        Matcher date = DATE.matcher(front.getOrDefault("date", ""));
        if (published == null && date.find()) {
            published = LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                    Integer.parseInt(date.group(3)));
        }

        // The article ends where the page chrome (QR codes, the account's avatar) begins; without that cut an
        // issue lacking 近期回顾 would count the avatar among its charts.
        int chrome = body.indexOf(CHROME_START);
        String article = chrome < 0 ? body : body.substring(0, chrome);
        int recall = article.indexOf(RECALL_HEADING);
        String beforeRecall = recall < 0 ? article : article.substring(0, recall);
        int start = beforeRecall.indexOf(BODY_START);
        // Before the body stand the cover image and the account's chrome; they are not charts.
        String chartRegion = start < 0 ? beforeRecall : beforeRecall.substring(start);
        List<String> images = new ArrayList<>();
        Matcher image = IMAGE.matcher(chartRegion);
        while (image.find()) {
            if (!image.group(2).isBlank() && !image.group(1).equals("cover_image")) {
                images.add(image.group(2));
            }
        }
        List<Article.Link> recallLinks = new ArrayList<>();
        if (recall >= 0) {
            Matcher link = LINK.matcher(article.substring(recall));
            while (link.find()) {
                recallLinks.add(new Article.Link(link.group(1).trim(), link.group(2)));
            }
        }
        String text = LINK.matcher(IMAGE.matcher(body).replaceAll("")).replaceAll("$1");
        return new Article(title, front.get("source"), address, published, text, images, recallLinks);
    }

    /** Flat {@code key: value} pairs; values may be quoted. Enough for the snapshot format, no YAML library. */
    private static Map<String, String> frontMatter(String block) {
        Map<String, String> values = new HashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, colon).trim(), value);
        }
        return values;
    }
}
