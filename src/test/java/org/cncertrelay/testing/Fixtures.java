package org.cncertrelay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.page.SnapshotReader;
import org.cncertrelay.page.WechatPageReader;

/** Reads the fixtures carried in src/test/resources/fixtures (copies of ../shared) and parses pages and snapshots. */
public final class Fixtures {

    public static final String BIZ = "MzIwNDk0MDgxMw==";

    private Fixtures() {
    }

    public static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String seed(String name) {
        return text("seeds/" + name + ".txt");
    }

    public static String page(String name) {
        return text("wechat/" + name + ".html");
    }

    /** Where a live fetch of the article ends: its link as shared, tracking parameters and all. */
    public static URI pageUri(String mid, String sn) {
        return URI.create("https://mp.weixin.qq.com/s?__biz=" + BIZ + "&mid=" + mid + "&idx=1&sn=" + sn
                + "&chksm=973acd1aa04d440c&scene=58&subscene=0");
    }

    public static Article readPage(String html, URI finalUri) throws PageRejected {
        return new WechatPageReader().readPage(html == null ? null : html.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, finalUri);
    }

    public static Article readSnapshot(String text) throws PageRejected {
        return new SnapshotReader().read(text);
    }
}
