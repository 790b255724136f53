package org.cncertrelay.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Archive folders hold snapshots written by different tools: line endings, BOM, quoting vary. */
class SnapshotFormsTest {

    private static Report parse(String snapshot) throws Exception {
        return new BulletinParser(Messages.english()).parse(Fixtures.readSnapshot(snapshot));
    }

    @Test
    void crlfBomAndQuotedValuesGiveTheSameRecord() throws Exception {
        String seed = Fixtures.seed("000_2c3649adac17a20f");
        String variant = "\uFEFF" + seed.replace("title: " + Variant.TITLE, "title: \"" + Variant.TITLE + "\"")
                .replace("date: 2024-10-09", "date: '2024-10-09'").replace("\n", "\r\n");
        assertThat(parse(variant)).isEqualTo(parse(seed));
    }

    @Test
    void withoutADateThePublishDayIsUnknown() throws Exception {
        Report report = parse(Fixtures.seed("000_2c3649adac17a20f").replace("date: 2024-10-09\n", ""));
        assertThat(report.published()).isNull();
        assertThat(report.warnings()).containsExactly("publish date unknown");
        assertThat(report.incidentsTotal()).isEqualTo(742);
    }

    @Test
    void theCoverImageBeforeTheBodyIsNotAChart() throws Exception {
        // a converter that gave the cover no alt text: it still stands before 本周网络安全基本态势
        Report report = parse(Fixtures.seed("000_2c3649adac17a20f").replace("![cover_image](", "![]("));
        assertThat(report.chartImages()).hasSize(5).noneMatch(url -> url.contains("sz_mmbiz_jpg"));
    }

    @Test
    void aDateWithTimeAndOffsetIsTheDayInShanghai() throws Exception {
        String seed = Fixtures.seed("000_2c3649adac17a20f");
        assertThat(parse(seed.replace("date: 2024-10-09", "date: 2024-10-08T16:30:00Z")).published())
                .isEqualTo(java.time.LocalDate.of(2024, 10, 9));
        assertThat(parse(seed.replace("date: 2024-10-09", "date: 2024-10-09 17:03:00")).published())
                .isEqualTo(java.time.LocalDate.of(2024, 10, 9));
        assertThat(parse(seed.replace("date: 2024-10-09", "date: 2024-10-9")).published())
                .isEqualTo(java.time.LocalDate.of(2024, 10, 9));
    }
}
