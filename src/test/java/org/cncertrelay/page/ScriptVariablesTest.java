package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The indexed look-up finds what a regex find() of {@code \bvar\s+NAME\s*=...} over the whole script finds. */
class ScriptVariablesTest {

    @Test
    void firstDeclarationThatMatchesWins() {
        String script = "var midx = \"1\"; var mid; var mid = \"\" || '2'; var mid = \"3\";";
        assertThat(WechatPageReader.scriptVariable(script, "mid")).isEqualTo("2");
    }

    @Test
    void needsAWordBoundaryBeforeVar() {
        assertThat(WechatPageReader.scriptVariable("xvar sn = \"a\"; 变var sn = \"b\"; _var sn = \"c\"", "sn"))
                .isNull();
        assertThat(WechatPageReader.scriptVariable("(var sn = \"a\")", "sn")).isEqualTo("a");
    }

    @Test
    void spacesNewLinesAndHtmlDecode() {
        String script = "window.a=1;\nvar\t\nnickname\n =  htmlDecode( \"国家互联网应急中心CNCERT\");";
        assertThat(WechatPageReader.scriptVariable(script, "nickname")).isEqualTo("国家互联网应急中心CNCERT");
        assertThat(WechatPageReader.scriptVariable("varct = \"1\"; var ct=\"1728464580\"", "ct"))
                .isEqualTo("1728464580");
    }

    @Test
    void absentOrNotAString() {
        assertThat(WechatPageReader.scriptVariable("var biz = window.biz;", "biz")).isNull();
        assertThat(WechatPageReader.scriptVariable("", "biz")).isNull();
        assertThat(WechatPageReader.scriptVariable("var", "biz")).isNull();
    }
}
