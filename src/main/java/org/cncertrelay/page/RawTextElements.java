package org.cncertrelay.page;

/**
 * Splits a page into its markup and the text of its {@code <script>} and {@code <style>} elements. Live article
 * pages are hundreds of KB of inline script and CSS around a few KB of article; the DOM needs none of it (the
 * script's variables are read from {@link #scripts()}), so parsing only {@link #markup()} costs a fraction.
 * The elements stay in place, empty, so the document's structure is the one a browser sees.
 */
record RawTextElements(String markup, String scripts) {

    static RawTextElements split(String html) {
        StringBuilder markup = new StringBuilder(html.length() / 3);
        StringBuilder scripts = new StringBuilder();
        int length = html.length();
        int copied = 0;
        int at = html.indexOf('<');
        while (at >= 0 && at < length) {
            if (html.startsWith("<!--", at)) {
                int end = html.indexOf("-->", at + 4);
                at = end < 0 ? -1 : html.indexOf('<', end + 3);
                continue;
            }
            String element = rawTextElementAt(html, at);
            if (element == null) {
                at = html.indexOf('<', at + 1);
                continue;
            }
            int openEnd = html.indexOf('>', at);
            int close = openEnd < 0 ? -1 : indexOfIgnoreCase(html, "</" + element, openEnd + 1);
            if (close < 0) {
                break; // unterminated: leave the rest to the HTML parser as it is
            }
            markup.append(html, copied, openEnd + 1);
            if (element.equals("script")) {
                scripts.append(html, openEnd + 1, close).append('\n');
            }
            copied = close;
            at = html.indexOf('<', close + 2);
        }
        markup.append(html, copied, length);
        return new RawTextElements(markup.toString(), scripts.toString());
    }

    /** "script" or "style" when a start tag of that name begins at {@code at}, else null. */
    private static String rawTextElementAt(String html, int at) {
        for (String name : new String[] {"script", "style"}) {
            int after = at + 1 + name.length();
            if (html.regionMatches(true, at + 1, name, 0, name.length()) && after < html.length()) {
                char next = html.charAt(after);
                if (next == '>' || Character.isWhitespace(next) || next == '/') {
                    return name;
                }
            }
        }
        return null;
    }

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        for (int i = from; i <= text.length() - needle.length(); i++) {
            i = text.indexOf('<', i);
            if (i < 0 || i > text.length() - needle.length()) {
                return -1;
            }
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
