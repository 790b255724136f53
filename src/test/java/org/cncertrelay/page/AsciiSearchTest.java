package org.cncertrelay.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AsciiSearchTest {

    private static final AsciiSearch END_TAG = new AsciiSearch("</script");

    @Test
    void findsTheFirstOccurrenceInAnyCaseFromTheGivenPosition() {
        byte[] text = bytes("a</scrip</SCRIPT>b</script>");
        assertThat(END_TAG.in(text, 0)).isEqualTo(8);
        assertThat(END_TAG.in(text, 9)).isEqualTo(18);
        assertThat(END_TAG.in(text, 19)).isEqualTo(-1);
    }

    @Test
    void atTheEdgesAndBetweenMultiByteCharacters() {
        assertThat(END_TAG.in(bytes("</script"), 0)).isZero();
        assertThat(END_TAG.in(bytes("</scrip"), 0)).isEqualTo(-1);
        byte[] text = bytes("变量</script>态势");
        assertThat(END_TAG.in(text, 0)).isEqualTo(6);
        assertThat(END_TAG.in(text, 0, 13)).isEqualTo(-1);
    }

    @Test
    void caseSensitiveWhenAsked() {
        AsciiSearch var = new AsciiSearch("var", false);
        assertThat(var.in(bytes("VAR Var var"), 0)).isEqualTo(8);
        assertThat(var.isAt(bytes("var"), 0)).isTrue();
        assertThat(var.isAt(bytes("va"), 0)).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
