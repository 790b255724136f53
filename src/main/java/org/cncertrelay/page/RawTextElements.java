package org.cncertrelay.page;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Splits a page into its markup and the text of its {@code <script>} and {@code <style>} elements, working on the
 * page's UTF-8 bytes. Live article pages are hundreds of KB of inline script and CSS around a few KB of article;
 * the DOM needs none of it (the script's variables are read from {@link #scripts()}, every script's UTF-8 text one
 * after another), so only the markup is decoded and parsed. Tags are ASCII and no byte of a multi-byte UTF-8
 * character is, so the bytes can be searched as they are. The elements stay in place, empty, so the document's
 * structure is the one a browser sees.
 */
record RawTextElements(byte[] markup, byte[] scripts) {

    private static final AsciiSearch COMMENT_START = new AsciiSearch("<!--");
    private static final AsciiSearch COMMENT_END = new AsciiSearch("-->");
    private static final AsciiSearch SCRIPT_START = new AsciiSearch("<script");
    private static final AsciiSearch STYLE_START = new AsciiSearch("<style");
    private static final AsciiSearch SCRIPT_END = new AsciiSearch("</script");
    private static final AsciiSearch STYLE_END = new AsciiSearch("</style");

    /** @param page the page in UTF-8 */
    static RawTextElements split(byte[] page) {
        ByteArrayOutputStream markup = new ByteArrayOutputStream(page.length / 3);
        ByteArrayOutputStream scripts = new ByteArrayOutputStream(page.length / 2);
        int copied = 0;
        int at = indexOf(page, '<', 0);
        while (at >= 0) {
            if (COMMENT_START.isAt(page, at)) {
                int end = COMMENT_END.in(page, at + 4);
                at = end < 0 ? -1 : indexOf(page, '<', end + 3);
                continue;
            }
            AsciiSearch endTag = startTagAt(page, at, SCRIPT_START) ? SCRIPT_END
                    : startTagAt(page, at, STYLE_START) ? STYLE_END : null;
            if (endTag == null) {
                at = indexOf(page, '<', at + 1);
                continue;
            }
            int openEnd = indexOf(page, '>', at);
            int close = openEnd < 0 ? -1 : endTag.in(page, openEnd + 1);
            if (close < 0) {
                break; // unterminated: leave the rest to the HTML parser as it is
            }
            markup.write(page, copied, openEnd + 1 - copied);
            if (endTag == SCRIPT_END) {
                scripts.write(page, openEnd + 1, close - openEnd - 1);
                scripts.write('\n');
            }
            copied = close;
            at = indexOf(page, '<', close + 2);
        }
        markup.write(page, copied, page.length - copied);
        return new RawTextElements(markup.toByteArray(), scripts.toByteArray());
    }

    /**
     * The markup, decoded as it is read: a parse that stops after the article leaves the rest of the page
     * undecoded.
     */
    Reader markupReader() {
        return new InputStreamReader(new ByteArrayInputStream(markup), StandardCharsets.UTF_8);
    }

    /** Whether that start tag is at {@code at}: {@code <script>} or {@code <script src=..>}, not {@code <scripts>}. */
    private static boolean startTagAt(byte[] page, int at, AsciiSearch tag) {
        int after = at + tag.length();
        if (after >= page.length || !tag.isAt(page, at)) {
            return false;
        }
        byte next = page[after];
        return next == '>' || next == '/' || next == ' ' || next == '\t' || next == '\n' || next == '\f'
                || next == '\r';
    }

    private static int indexOf(byte[] page, char c, int from) {
        for (int i = from; i < page.length; i++) {
            if (page[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
