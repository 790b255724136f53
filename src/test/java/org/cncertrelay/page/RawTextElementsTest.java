package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RawTextElementsTest {

    @Test
    void scriptsAndStylesAreEmptiedInPlaceAndTheScriptsKept() {
        RawTextElements parts = split("<head><STYLE type=x>p{a:b}</style>"
                + "<script>var biz = \"1\";</SCRIPT></head><body><p>text</p><script src=a.js></script>"
                + "<scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(markup(parts)).isEqualTo("<head><STYLE type=x></style><script></SCRIPT></head><body><p>text</p>"
                + "<script src=a.js></script><scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(scripts(parts).get("biz")).isEqualTo("1");
    }

    @Test
    void commentsAndUnterminatedElementsAreLeftToTheParser() {
        String html = "<!-- <script>var x = 'a'</script> not one --><p>a</p><script>var y = 'b';";
        RawTextElements parts = split(html);
        assertThat(markup(parts)).isEqualTo(html);
        assertThat(scripts(parts).get("x")).isNull();
        assertThat(scripts(parts).get("y")).isNull();
    }

    @Test
    void multiByteCharactersInMarkupAndScriptsSurviveTheSplit() {
        RawTextElements parts = split("<title>周报</title><style>.a::after{content:'网'}</style><p>第39期</p>"
                + "<script>var nickname = htmlDecode(\"国家互联网应急中心CNCERT\");</script><p>态势：良</p>");
        assertThat(markup(parts)).isEqualTo("<title>周报</title><style></style><p>第39期</p><script></script>"
                + "<p>态势：良</p>");
        assertThat(scripts(parts).get("nickname")).isEqualTo("国家互联网应急中心CNCERT");
    }

    private static ScriptVariables scripts(RawTextElements parts) {
        return new ScriptVariables(parts.scripts(), Set.of("biz", "x", "y", "nickname"));
    }

    private static String markup(RawTextElements parts) {
        return new String(parts.markup(), StandardCharsets.UTF_8);
    }

    private static RawTextElements split(String html) {
        return RawTextElements.split(html.getBytes(StandardCharsets.UTF_8));
    }
}
