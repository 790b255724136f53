package org.cncertrelay.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cncertrelay.page.FeedReader;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed sink's files on their own: newest issues first, at most N, an issue given again replaces its entry. */
class FeedFilesTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestIssuesInBothFeedsAndReplacesAnIssueGivenAgain() throws Exception {
        FeedFiles feed = new FeedFiles(dir.toString(), 2, "zh-CN");
        feed.add(Reports.sinkDocument(Reports.issue(38, 177).url("https://mp.weixin.qq.com/s/38").build()));
        feed.add(Reports.sinkDocument(Reports.issue(40, 500).url("https://mp.weixin.qq.com/s/40").build()));
        feed.add(Reports.sinkDocument(Reports.issue(39, 742).url("https://mp.weixin.qq.com/s/39").build()));
        feed.add(Reports.sinkDocument(
                Reports.issue(39, 743).url("https://mp.weixin.qq.com/s/39b").title("更正").build()));

        assertThat(feed.read()).extracting(Report::issue).containsExactly(40, 39);
        assertThat(feed.read().get(1).incidentsTotal()).isEqualTo(743);
        String json = Files.readString(dir.resolve(FeedFiles.JSON_FEED), StandardCharsets.UTF_8);
        String atom = Files.readString(dir.resolve(FeedFiles.ATOM_FEED), StandardCharsets.UTF_8);
        for (String text : new String[] {json, atom}) {
            assertThat(new FeedReader().read(text)).extracting(FeedReader.FeedItem::link)
                    .containsExactly("https://mp.weixin.qq.com/s/40", "https://mp.weixin.qq.com/s/39b");
        }
        assertThat(new SyndFeedInput().build(new XmlReader(dir.resolve(FeedFiles.ATOM_FEED).toFile())).getEntries())
                .extracting(SyndEntry::getTitle).contains("更正");
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().contains("tmp"));
    }
}
