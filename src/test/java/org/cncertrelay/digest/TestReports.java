package org.cncertrelay.digest;

import java.time.LocalDate;
import java.util.List;
import org.cncertrelay.report.Rating;
import org.cncertrelay.report.Report;

/** Bulletin records for the digest tests: 2024, one week per issue, counts derived from the total. */
final class TestReports {

    private TestReports() {
    }

    static Report issue(int issue, Integer incidentsTotal) {
        LocalDate start = LocalDate.of(2024, 1, 1).plusWeeks(issue - 1);
        return new Report(2024, issue, start, start.plusDays(6), start.plusDays(9), Rating.GOOD, incidentsTotal,
                incidentsTotal == null ? null : incidentsTotal / 10, 40 + issue, 3, 100 + issue,
                "网络安全信息与动态周报2024年第" + issue + "期",
                "https://www.cert.org.cn/publish/main/44/2024/" + issue + ".html", "国家互联网应急中心CNCERT",
                List.of(), List.of());
    }

    /** 第38期 with 177 incidents and 第39期 with 742: +319%. */
    static List<Report> weeks38And39() {
        return List.of(issue(38, 177), issue(39, 742));
    }
}
