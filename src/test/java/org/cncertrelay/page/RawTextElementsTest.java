package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RawTextElementsTest {

    @Test
    void scriptsAndStylesAreEmptiedInPlaceAndTheScriptsKept() throws IOException {
        RawTextElements parts = split("<head><STYLE type=x>p{a:b}</style>"
                + "<script>var biz = \"1\";</SCRIPT></head><body><p>text</p><script src=a.js></script>"
                + "<scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(markup(parts)).isEqualTo("<head><STYLE type=x></style><script></SCRIPT></head><body><p>text</p>"
                + "<script src=a.js></script><scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(scripts(parts).get("biz")).isEqualTo("1");
    }

    @Test
    void commentsAndUnterminatedElementsAreLeftToTheParser() throws IOException {
        String html = "<!-- <script>var x = 'a'</script> not one --><p>a</p><script>var y = 'b';";
        RawTextElements parts = split(html);
        assertThat(markup(parts)).isEqualTo(html);
        assertThat(scripts(parts).get("x")).isNull();
        assertThat(scripts(parts).get("y")).isNull();
    }

    @Test
    void multiByteCharactersInMarkupAndScriptsSurviveTheSplit() throws IOException {
        RawTextElements parts = split("<title>周报</title><style>.a::after{content:'网'}</style><p>第39期</p>"
                + "<script>var nickname = htmlDecode(\"国家互联网应急中心CNCERT\");</script><p>态势：良</p>");
        assertThat(markup(parts)).isEqualTo("<title>周报</title><style></style><p>第39期</p><script></script>"
                + "<p>态势：良</p>");
        assertThat(scripts(parts).get("nickname")).isEqualTo("国家互联网应急中心CNCERT");
    }

    @Test
    void aLongPageReadsBackWholeAcrossItsManyPieces() throws IOException {
        StringBuilder html = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String text = "<p>第" + i + "期 网络安全信息与动态周报</p>";
            html.append(text).append("<script>var n").append(i).append(" = \"值\";</script>");
            expected.append(text).append("<script></script>");
        }
        RawTextElements parts = split(html.toString());
        assertThat(markup(parts)).isEqualTo(expected.toString());
        assertThat(new String(parts.scripts(), StandardCharsets.UTF_8)).startsWith("var n0 = \"值\";\nvar n1 = ")
                .endsWith("var n2999 = \"值\";\n");
    }

    private static ScriptVariables scripts(RawTextElements parts) {
        return new ScriptVariables(parts.scripts(), Set.of("biz", "x", "y", "nickname"));
    }

    /** The markup as the HTML parser reads it. */
    private static String markup(RawTextElements parts) throws IOException {
        try (Reader reader = parts.markupReader()) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        }
    }

    private static RawTextElements split(String html) {
        return RawTextElements.split(html.getBytes(StandardCharsets.UTF_8));
    }
}
