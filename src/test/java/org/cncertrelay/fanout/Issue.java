package org.cncertrelay.fanout;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cncertrelay.testing.Fixtures;

/**
 * An issue of the bulletin as the fan-out tests serve it: one of the real issues in the fixtures, or issue 38 made
 * from issue 29's page (same counts: 177 incidents), so that issue 39 (742) reads {@code 742 (+319% vs 第38期)}.
 * {@link #withRecallLinksHere()} points the page's 近期回顾 links at the test's page server instead of WeChat.
 */
record Issue(int number, int incidents, String fixture, String mid, String sn, Map<String, String> edits,
        boolean recallsHere) {

    static final String BIZ = Fixtures.BIZ;

    static final Issue NO_9 = real(9, 103, "002_b528b34d9054bae3", "2247499010", "d69b876ca352ebadcdab0fc4dfe5b635");
    static final Issue NO_17 = real(17, 381, "004_95f26e5095d0912a", "2247499123", "a88380a3beed037470aab773ba7a9c50");
    static final Issue NO_29 = real(29, 177, "001_60897e86e8836892", "2247499255", "01b008ffaf731eda6cab8a995872b6a8");
    static final Issue NO_39 = real(39, 742, "000_2c3649adac17a20f", "2247499384", "a6147bec24a7c347f26fafda8c96c2c4");
    static final Issue NO_45 = real(45, 345, "003_3908a2fb016e7af9", "2247499468", "61fcaff6ef88b53c26ea431bff91d5dd");
    /** Issue 38 with the identity its real article has (as issue 39's recall link names it) and issue 29's text. */
    static final Issue NO_38 = new Issue(38, 177, NO_29.fixture, "2247499368", "d1c3df22111274f66034697adfcf008e",
            issue38Edits(), false);

    private static Map<String, String> issue38Edits() {
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put(NO_29.mid, "2247499368");
        edits.put(NO_29.sn, "d1c3df22111274f66034697adfcf008e");
        edits.put("2024年第29期（7月15日-7月21日）", "2024年第38期（9月16日-9月22日）");
        edits.put("2024-07-25", "2024-09-26"); // publish time (page) and date (snapshot)
        edits.put("\"1721898180\"", "\"1727341380\""); // the page's publish time in epoch seconds
        return edits;
    }

    private static Issue real(int number, int incidents, String fixture, String mid, String sn) {
        return new Issue(number, incidents, fixture, mid, sn, Map.of(), false);
    }

    Issue withRecallLinksHere() {
        return new Issue(number, incidents, fixture, mid, sn, edits, true);
    }

    /** {@code 2024年第39期}, as records and messages name it. */
    String label() {
        return "2024年第" + number + "期";
    }

    /** The page HTML as mp.weixin.qq.com serves it. */
    String html(PageServer server) {
        String html = edit(Fixtures.page(fixture));
        return recallsHere ? html.replace("http://mp.weixin.qq.com/s?", server.base() + "/s?") : html;
    }

    /** The issue saved as a snapshot with front matter, as an archive folder holds it. */
    String snapshot() {
        return edit(Fixtures.seed(fixture));
    }

    private String edit(String text) {
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            text = text.replace(edit.getKey(), edit.getValue());
        }
        return text;
    }
}
