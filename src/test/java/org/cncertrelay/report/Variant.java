package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageRejected;
import org.cncertrelay.testing.Fixtures;
import org.cncertrelay.testing.Issue;

/**
 * Issue 2024年第39期 as page HTML and as snapshot, changed by string replacement into a variant that real issues
 * show. Both forms are parsed; they must give the same record.
 */
final class Variant {

    static final String TITLE = Issue.I39.title();
    static final String INCIDENTS = "本周，CNCERT协调云服务商、域名注册服务机构、应用商店、各省分中心以及国际合作组织共处理网络安全事件742起，"
            + "含跨境网络安全事件618起。其中，协调境内外域名注册机构、境外CERT等机构重点处理677起仿冒投诉事件。"
            + "协调7个提供恶意移动应用程序下载服务的平台开展移动互联网恶意代码处理工作，共处理传播移动互联网恶意代码的恶意URL链接7个。";
    static final URI FINAL_URI = Fixtures.pageUri(Issue.I39.mid(), Issue.I39.sn());

    String html = Issue.I39.html();
    String snapshot = Issue.I39.snapshot();

    static Variant issue39() {
        return new Variant();
    }

    /** The same replacement in both forms; the text must occur in each. */
    Variant replace(String from, String to) {
        return html(from, to).snapshot(from, to);
    }

    Variant html(String from, String to) {
        assertThat(html).as("page HTML").contains(from);
        html = html.replace(from, to);
        return this;
    }

    Variant snapshot(String from, String to) {
        assertThat(snapshot).as("snapshot").contains(from);
        snapshot = snapshot.replace(from, to);
        return this;
    }

    /** The incident paragraph replaced in both forms (in the page it may carry markup). */
    Variant incidents(String pageHtml, String snapshotText) {
        return html(INCIDENTS, pageHtml).snapshot(INCIDENTS, snapshotText);
    }

    Variant incidents(String text) {
        return incidents(text, text);
    }

    Variant title(String title) {
        return replace(TITLE, title);
    }

    /** Published on another day: {@code var ct}, {@code var createTime} and the snapshot's {@code date}. */
    Variant published(String day, long epochSeconds) {
        return html("var ct = \"1728464580\"", "var ct = \"" + epochSeconds + "\"")
                .html("var createTime = '2024-10-09 17:03'", "var createTime = '" + day + " 17:03'")
                .snapshot("date: 2024-10-09", "date: " + day);
    }

    Article pageArticle() throws PageRejected {
        return Fixtures.readPage(html, FINAL_URI);
    }

    Article snapshotArticle() throws PageRejected {
        return Fixtures.readSnapshot(snapshot);
    }

    Report fromPage() throws PageRejected {
        return new BulletinParser(Messages.english()).parse(pageArticle());
    }

    Report fromSnapshot() throws PageRejected {
        return new BulletinParser(Messages.english()).parse(snapshotArticle());
    }

    /** Both records, after checking that they agree. */
    List<Report> reports() throws PageRejected {
        Report page = fromPage();
        Report snap = fromSnapshot();
        assertThat(page).as("page and snapshot agree").isEqualTo(snap);
        return List.of(page, snap);
    }

    Report report() throws PageRejected {
        return reports().get(0);
    }
}
