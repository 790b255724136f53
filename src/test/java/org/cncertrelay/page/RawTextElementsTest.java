package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawTextElementsTest {

    @Test
    void scriptsAndStylesAreEmptiedInPlaceAndTheScriptsKept() {
        RawTextElements parts = RawTextElements.split("<head><STYLE type=x>p{a:b}</style>"
                + "<script>var biz = \"1\";</SCRIPT></head><body><p>text</p><script src=a.js></script>"
                + "<scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(parts.markup()).isEqualTo("<head><STYLE type=x></style><script></SCRIPT></head><body><p>text</p>"
                + "<script src=a.js></script><scripts-not-a-script>kept</scripts-not-a-script></body>");
        assertThat(parts.scripts()).contains("var biz = \"1\";");
    }

    @Test
    void commentsAndUnterminatedElementsAreLeftToTheParser() {
        String html = "<!-- <script> not one --><p>a</p><script>var x = 1;";
        RawTextElements parts = RawTextElements.split(html);
        assertThat(parts.markup()).isEqualTo(html);
        assertThat(parts.scripts()).isEmpty();
    }
}
