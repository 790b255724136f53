package org.cncertrelay.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;

class AnnouncerLabelsTest {

    @Test
    void aFewIssuesAreAllNamed() {
        assertThat(Announcer.labels(issues(3))).isEqualTo("[2024年第1期, 2024年第2期, 2024年第3期]");
    }

    @Test
    void aCatchUpOfThousandsNamesItsEndsAndCountsTheRest() {
        String line = Announcer.labels(issues(2000));

        assertThat(line).startsWith("[2024年第1期, 2024年第2期, 2024年第3期, 2024年第4期, 2024年第5期, … 1990 more …, ")
                .endsWith("2024年第1999期, 2024年第2000期] (2000 issues)")
                .hasSizeLessThan(200);
    }

    private static List<Report> issues(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(issue -> Reports.issue(issue, 100).build()).toList();
    }
}
