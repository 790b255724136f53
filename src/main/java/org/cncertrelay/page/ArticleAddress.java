package org.cncertrelay.page;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where an article lives, canonicalised. The same WeChat article is linked as http or https, with tracking
 * parameters ({@code chksm}, {@code scene}, {@code #wechat_redirect}) and HTML-escaped ampersands; its identity is
 * {@code __biz}+{@code mid}+{@code idx}. Anything else (a short link, another site) is identified by its
 * normalised URL.
 *
 * <p>The identity's parts come from pages and links anyone can write, and end up in chat messages as a link: each is
 * checked for its real shape ({@code __biz} base64, {@code mid} and {@code idx} digits, {@code sn} 32 hex digits)
 * before it is put into the canonical URL. A malformed {@code sn} is left out; malformed {@code __biz}, {@code mid}
 * or {@code idx} mean the link is not taken for a WeChat identity.
 */
public final class ArticleAddress {

    private static final Set<String> TRACKING = Set.of("chksm", "scene", "subscene", "sessionid", "clicktime",
            "enterid", "ascene", "devicetype", "version", "nettype", "lang", "exportkey", "pass_ticket", "wx_header",
            "from", "isappinstalled", "srcid", "sharer_sharetime", "sharer_shareid", "key", "uin", "mpshare",
            "shareto", "rd2werd", "poc_token", "realreporttime", "countrycode", "abtest_cookie", "fontgear");

    private static final Pattern BIZ = Pattern.compile("[A-Za-z0-9+/]{1,64}={0,2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,20}");
    private static final Pattern SN = Pattern.compile("[0-9a-fA-F]{32}");

    private final String key;
    private final String canonicalUrl;
    private final URI fetchUri;

    private ArticleAddress(String key, String canonicalUrl, URI fetchUri) {
        this.key = key;
        this.canonicalUrl = canonicalUrl;
        this.fetchUri = fetchUri;
    }

    /** Parses an http(s) link as found in a page, a feed or a configuration; empty when it is not one. */
    public static Optional<ArticleAddress> parse(String link) {
        if (link == null || link.isBlank()) {
            return Optional.empty();
        }
        String cleaned = link.trim().replace("&amp;", "&");
        URI uri;
        try {
            uri = new URI(cleaned.replace(" ", "%20"));
        } catch (Exception e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        URI fetchUri = withoutFragment(uri);
        Map<String, String> query = queryOf(uri.getRawQuery());
        String biz = query.get("__biz");
        // Links from before about 2015 (/mp/appmsg/show) name the same identity appmsgid, itemidx and sign.
        String mid = query.getOrDefault("mid", query.get("appmsgid"));
        String idx = query.getOrDefault("idx", query.get("itemidx"));
        String sn = query.getOrDefault("sn", query.get("sign"));
        if (isIdentity(biz, mid, idx)) {
            return Optional.of(new ArticleAddress(wechatKey(biz, mid, idx), wechatUrl(biz, mid, idx, sn), fetchUri));
        }
        Map<String, String> kept = new TreeMap<>();
        query.forEach((name, value) -> {
            if (!TRACKING.contains(name)) {
                kept.put(name, value);
            }
        });
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder url = new StringBuilder("https://").append(host).append(port).append(path);
        if (!kept.isEmpty()) {
            url.append('?');
            kept.forEach((name, value) -> url.append(name).append('=').append(value).append('&'));
            url.setLength(url.length() - 1);
        }
        // the key ignores http vs https; the canonical URL keeps the scheme a host actually serves
        String canonical = scheme + "://" + url.substring("https://".length());
        return Optional.of(new ArticleAddress(url.toString(), canonical, fetchUri));
    }

    /**
     * The address of a WeChat article from its identity, as its page's inline script declares it; empty when the
     * declared identity is malformed (the caller then falls back to the URL the page came from).
     */
    public static Optional<ArticleAddress> wechat(String biz, String mid, String idx, String sn, URI fetchedFrom) {
        if (!isIdentity(biz, mid, idx)) {
            return Optional.empty();
        }
        String canonical = wechatUrl(biz, mid, idx, sn);
        return Optional.of(new ArticleAddress(wechatKey(biz, mid, idx), canonical,
                fetchedFrom != null ? fetchedFrom : URI.create(canonical)));
    }

    private static boolean isIdentity(String biz, String mid, String idx) {
        return biz != null && mid != null && idx != null && BIZ.matcher(biz).matches()
                && DIGITS.matcher(mid).matches() && DIGITS.matcher(idx).matches();
    }

    private static String wechatKey(String biz, String mid, String idx) {
        return "wechat:" + biz + ":" + mid + ":" + idx;
    }

    private static String wechatUrl(String biz, String mid, String idx, String sn) {
        return "https://mp.weixin.qq.com/s?__biz=" + biz + "&mid=" + mid + "&idx=" + idx
                + (sn == null || !SN.matcher(sn).matches() ? "" : "&sn=" + sn);
    }

    private static URI withoutFragment(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? uri : URI.create(text.substring(0, hash));
    }

    /** Equal for every URL of one article. */
    public String key() {
        return key;
    }

    /**
     * Whether the link names the article's WeChat identity ({@code __biz}, {@code mid}, {@code idx}), unlike a
     * short link ({@code /s/<id>}) or another site's URL.
     */
    public boolean isWechatIdentity() {
        return key.startsWith("wechat:");
    }

    /** {@code https://mp.weixin.qq.com/s?__biz=..&mid=..&idx=..&sn=..} for WeChat articles. */
    public String canonicalUrl() {
        return canonicalUrl;
    }

    /** The link as given, without its fragment: what is requested when the article is fetched. */
    public URI fetchUri() {
        return fetchUri;
    }

    public String host() {
        return fetchUri.getHost() == null ? "" : fetchUri.getHost().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> queryOf(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            // __biz values end in "==", which some links carry percent-encoded
            if (name.equals("__biz")) {
                value = URLDecoder.decode(value, StandardCharsets.UTF_8);
            }
            query.putIfAbsent(name, value);
        }
        return query;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArticleAddress address && address.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return canonicalUrl;
    }
}
