package org.cncertrelay.page;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Splits a page into its markup and the text of its {@code <script>} and {@code <style>} elements, working on the
 * page's UTF-8 bytes. Live article pages are hundreds of KB of inline script and CSS around a few KB of article;
 * the DOM needs none of it (the script's variables are read from {@link #scripts()}, every script's UTF-8 text one
 * after another), so only the markup is decoded and parsed. Tags are ASCII and no byte of a multi-byte UTF-8
 * character is, so the bytes can be searched as they are. The elements stay in place, empty, so the document's
 * structure is the one a browser sees.
 */
final class RawTextElements {

    private static final AsciiSearch COMMENT_START = new AsciiSearch("<!--");
    private static final AsciiSearch COMMENT_END = new AsciiSearch("-->");
    private static final AsciiSearch SCRIPT_START = new AsciiSearch("<script");
    private static final AsciiSearch STYLE_START = new AsciiSearch("<style");
    private static final AsciiSearch SCRIPT_END = new AsciiSearch("</script");
    private static final AsciiSearch STYLE_END = new AsciiSearch("</style");

    private final byte[] page;
    /** Where the markup is in the page, start and end of each piece in order: copying it out made garbage. */
    private final int[] markup;
    private final byte[] scripts;

    private RawTextElements(byte[] page, int[] markup, byte[] scripts) {
        this.page = page;
        this.markup = markup;
        this.scripts = scripts;
    }

    /** @param page the page in UTF-8; kept, not copied */
    static RawTextElements split(byte[] page) {
        Ranges markup = new Ranges();
        Ranges scripts = new Ranges();
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
            markup.add(copied, openEnd + 1);
            if (endTag == SCRIPT_END) {
                scripts.add(openEnd + 1, close);
            }
            copied = close;
            at = indexOf(page, '<', close + 2);
        }
        markup.add(copied, page.length);
        return new RawTextElements(page, markup.toArray(), scripts.joinedLines(page));
    }

    /** Every script's UTF-8 text, one after another, each ended by a line feed. */
    byte[] scripts() {
        return scripts;
    }

    /**
     * The markup, decoded as it is read: a parse that stops after the article leaves the rest of the page
     * undecoded. The pieces end and start at ASCII bytes, so no character is split between them.
     */
    Reader markupReader() {
        List<InputStream> pieces = new ArrayList<>(markup.length / 2);
        for (int i = 0; i < markup.length; i += 2) {
            pieces.add(new ByteArrayInputStream(page, markup[i], markup[i + 1] - markup[i]));
        }
        return new InputStreamReader(new SequenceInputStream(Collections.enumeration(pieces)),
                StandardCharsets.UTF_8);
    }

    /** Start and end offsets, in order; empty ranges are left out. */
    private static final class Ranges {
        private int[] offsets = new int[64];
        private int size;

        void add(int start, int end) {
            if (end <= start) {
                return;
            }
            if (size + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[size++] = start;
            offsets[size++] = end;
        }

        int[] toArray() {
            return Arrays.copyOf(offsets, size);
        }

        /** The ranges' bytes, each followed by a line feed, in one array of exactly that size. */
        byte[] joinedLines(byte[] page) {
            int length = size / 2;
            for (int i = 0; i < size; i += 2) {
                length += offsets[i + 1] - offsets[i];
            }
            byte[] joined = new byte[length];
            int at = 0;
            for (int i = 0; i < size; i += 2) {
                int count = offsets[i + 1] - offsets[i];
                System.arraycopy(page, offsets[i], joined, at, count);
                at += count;
                joined[at++] = '\n';
            }
            return joined;
        }
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
