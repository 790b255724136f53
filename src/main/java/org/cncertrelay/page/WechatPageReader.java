package org.cncertrelay.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jsoup.select.NodeVisitor;

/**
 * Reads WeChat article HTML (a live page, a page saved from a browser, or the body HTML a full-text feed carries)
 * into an {@link Article}, or rejects it when WeChat served something else: the verification page, a deleted
 * article, the rate-limit page.
 */
public final class WechatPageReader {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String CAPTCHA_PATH = "/mp/wappoc_appmsgcaptcha";
    private static final String RECALL_HEADING = "近期回顾";
    private static final Pattern CREATE_TIME = Pattern.compile("(\\d{4})[-年/.](\\d{1,2})[-月/.](\\d{1,2})");
    /** The variables of a page's inline script that are read: its identity, title, account, date and cover. */
    private static final Set<String> SCRIPT_VARIABLES = Set.of("biz", "mid", "idx", "sn", "msg_link", "msg_title",
            "nickname", "ct", "createTime", "msg_cdn_url");
    /** Body text of at least this length means an article, not a service page (those say a sentence or two). */
    private static final int SURELY_AN_ARTICLE = 500;

    /**
     * Reads a whole article page, as it came: bytes in {@code charset}; {@code finalUri} is where the request
     * ended after redirects.
     */
    public Article readPage(byte[] html, Charset charset, URI finalUri) throws PageRejected {
        rejectNull(html);
        if (finalUri != null && finalUri.getPath() != null && finalUri.getPath().startsWith(CAPTCHA_PATH)) {
            throw new PageRejected(PageProblem.VERIFICATION, "redirected to " + CAPTCHA_PATH);
        }
        boolean utf8 = charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII);
        RawTextElements parts = RawTextElements.split(utf8 ? html
                : new String(html, charset).getBytes(StandardCharsets.UTF_8));
        ScriptVariables script = new ScriptVariables(parts.scripts(), SCRIPT_VARIABLES);
        // A live page goes on for tens of KB of hidden dialogs after the article. What is read from the page (the
        // head, title, account, date and body) comes before them, so the parse stops once #js_content is complete
        // and reads on only when something is missing or the page may be one of WeChat's service pages.
        try (StreamParser streamer = new StreamParser(Parser.htmlParser())
                .parse(parts.markupReader(), finalUri == null ? "" : finalUri.toString())) {
            Element content = streamer.selectFirst("#js_content");
            if (content == null || content.text().length() < SURELY_AN_ARTICLE) {
                Document page = streamer.complete();
                rejectServicePages(page);
                return readArticle(page, content, script, finalUri);
            }
            Article article = readArticle(streamer.document(), content, script, finalUri);
            return article.title().isEmpty() || article.account() == null || article.published() == null
                    ? readArticle(streamer.complete(), content, script, finalUri)
                    : article;
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // the markup is in memory
        }
    }

    private static Article readArticle(Document page, Element content, ScriptVariables script, URI finalUri)
            throws PageRejected {
        String title = title(page, script);
        if (content == null) {
            if (title.isEmpty()) {
                throw new PageRejected(PageProblem.NOT_AN_ARTICLE, "no title and no #js_content");
            }
            throw new PageRejected(PageProblem.EMPTY_BODY, "no #js_content in the page");
        }
        Article article = read(content, title, account(page, script), address(page, script, finalUri),
                published(page, script));
        // The cover (og:image, msg_cdn_url) is not a chart, even when an editor repeats it in the body.
        String ogImage = metaContent(page, "og:image").replace("&amp;", "&");
        String cdnCover = script.get("msg_cdn_url");
        List<String> charts = article.images().stream()
                .filter(image -> !image.equals(ogImage) && !image.equals(cdnCover)).toList();
        return charts.size() == article.images().size() ? article
                : new Article(article.title(), article.account(), article.address(), article.published(),
                        article.text(), charts, article.recallLinks());
    }

    /** Reads the article body HTML of a feed item; the feed gives what the page's chrome would. */
    public Article readFragment(String html, String title, URI link, LocalDate published) throws PageRejected {
        rejectNull(html);
        Document fragment = Jsoup.parseBodyFragment(html, link == null ? "" : link.toString());
        rejectServicePages(fragment);
        Element content = Optional.ofNullable(fragment.getElementById("js_content")).orElse(fragment.body());
        ScriptVariables script = ScriptVariables.of(fragment.select("script").html(), SCRIPT_VARIABLES);
        String pageTitle = title == null || title.isBlank() ? title(fragment, script) : title.trim();
        return read(content, pageTitle, account(fragment, script), address(fragment, script, link), published);
    }

    private static Article read(Element content, String title, String account, ArticleAddress address,
            LocalDate published) {
        BodyWalker walker = new BodyWalker();
        content.traverse(walker);
        return new Article(title, account, address, published, walker.text.toString(), walker.images,
                walker.recallLinks);
    }

    /** Readers reject, they do not throw: a missing body is malformed content, not a NullPointerException. */
    static void rejectNull(Object content) throws PageRejected {
        if (content == null) {
            throw new PageRejected(PageProblem.MALFORMED, "no content");
        }
    }

    private static void rejectServicePages(Document page) throws PageRejected {
        Element content = page.getElementById("js_content");
        // An article body of SURELY_AN_ARTICLE characters means the page's body, which holds it, has more than 400:
        // no need to render the whole page's text (hundreds of KB of chrome on a live page) to know it is no
        // service page.
        if (content != null && page.body() != null && content.text().length() >= SURELY_AN_ARTICLE) {
            return;
        }
        String text = page.body() == null ? "" : page.body().text();
        if (content == null || text.length() < 400) {
            if (text.contains("环境异常") || text.contains("完成验证后即可继续访问")) {
                throw new PageRejected(PageProblem.VERIFICATION, "环境异常 / 去验证 page");
            }
            if (text.contains("该内容已被发布者删除") || text.contains("此内容因违规无法查看")
                    || text.contains("该内容已被删除")) {
                throw new PageRejected(PageProblem.DELETED, "该内容已被发布者删除");
            }
            if (text.contains("访问过于频繁")) {
                throw new PageRejected(PageProblem.RATE_LIMITED, "访问过于频繁 page");
            }
        }
    }

    private static String title(Document page, ScriptVariables script) {
        String og = metaContent(page, "og:title");
        if (!og.isEmpty()) {
            return og;
        }
        Element heading = page.getElementById("activity-name");
        if (heading == null) {
            heading = page.selectFirst("h2.rich_media_title, h1.rich_media_title");
        }
        if (heading != null && !heading.text().isBlank()) {
            return heading.text().trim();
        }
        String fromScript = script.get("msg_title");
        return fromScript != null ? fromScript : page.title().trim();
    }

    /** The content of the first {@code <meta property=...>}: one walk up to it, not through the whole page. */
    private static String metaContent(Document page, String property) {
        Element meta = page.selectFirst("meta[property=" + property + "][content]");
        return meta == null ? "" : meta.attr("content").trim();
    }

    private static String account(Document page, ScriptVariables script) {
        Element name = page.getElementById("js_name");
        if (name == null) {
            name = page.selectFirst(".wx_follow_nickname");
        }
        if (name != null && !name.text().isBlank()) {
            return name.text().trim();
        }
        return script.get("nickname");
    }

    private static ArticleAddress address(Document page, ScriptVariables script, URI fetchedFrom) {
        String biz = script.get("biz");
        String mid = script.get("mid");
        String idx = script.get("idx");
        Optional<ArticleAddress> declared = ArticleAddress.wechat(biz, mid, idx, script.get("sn"), fetchedFrom);
        if (declared.isPresent()) {
            return declared.get();
        }
        if (fetchedFrom != null) {
            return ArticleAddress.parse(fetchedFrom.toString()).orElse(null);
        }
        // no script identity and no URL: the page's own link (msg_link, og:url) still says which article it is
        String ownLink = script.get("msg_link");
        if (ownLink == null) {
            ownLink = metaContent(page, "og:url");
        }
        return ArticleAddress.parse(ownLink).orElse(null);
    }

    private static LocalDate published(Document page, ScriptVariables script) {
        String epochSeconds = script.get("ct");
        if (epochSeconds != null && epochSeconds.matches("\\d{9,11}")) {
            return Instant.ofEpochSecond(Long.parseLong(epochSeconds)).atZone(SHANGHAI).toLocalDate();
        }
        String createTime = script.get("createTime");
        Element shown = page.getElementById("publish_time");
        for (String candidate : new String[] {createTime, shown == null ? null : shown.text()}) {
            if (candidate != null) {
                Matcher date = CREATE_TIME.matcher(candidate);
                if (date.find()) {
                    return LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                            Integer.parseInt(date.group(3)));
                }
            }
        }
        return null;
    }

    /** The value of {@code var name = ...} in {@code script}: see {@link ScriptVariables#get}. */
    static String scriptVariable(String script, String name) {
        return ScriptVariables.of(script, Set.of(name)).get(name);
    }

    /**
     * Collects the body's text (block elements on their own lines), the chart images before 近期回顾 and the links
     * after it. Lazy images keep the real address in {@code data-src}; {@code src} is a placeholder.
     */
    private static final class BodyWalker implements NodeVisitor {
        private final StringBuilder text = new StringBuilder();
        private final List<String> images = new ArrayList<>();
        private final List<Article.Link> recallLinks = new ArrayList<>();
        private boolean inRecall;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                String value = textNode.text();
                text.append(value);
                // The heading may be split over elements (<span>近期</span><span>回顾</span>): look at the text so
                // far, not at this node alone.
                if (!inRecall && text.indexOf(RECALL_HEADING,
                        Math.max(0, text.length() - value.length() - RECALL_HEADING.length())) >= 0) {
                    inRecall = true;
                }
            } else if (node instanceof Element element) {
                if (element.isBlock() || element.nameIs("br")) {
                    newLine();
                }
                if (element.nameIs("img") && !inRecall) {
                    String source = element.attr("data-src");
                    if (source.isBlank() && !element.attr("src").startsWith("data:")) {
                        source = element.attr("src");
                    }
                    if (!source.isBlank()) {
                        images.add(source.replace("&amp;", "&"));
                    }
                } else if (element.nameIs("a") && inRecall && element.hasAttr("href")) {
                    String label = element.hasAttr("textvalue") ? element.attr("textvalue") : element.text();
                    recallLinks.add(new Article.Link(label.trim(), element.attr("href").replace("&amp;", "&")));
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element && element.isBlock()) {
                newLine();
            }
        }

        private void newLine() {
            if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }
    }
}
