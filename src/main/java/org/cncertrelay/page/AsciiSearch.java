package org.cncertrelay.page;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds an ASCII string in UTF-8 bytes, skipping ahead by up to its length at each step (Horspool): a page's
 * hundreds of KB of script are searched for {@code </script} without looking at most of their bytes. UTF-8 needs
 * no decoding for this, as no byte of a multi-byte character is ASCII.
 */
final class AsciiSearch {

    private final byte[] needle;
    private final boolean anyCase;
    private final int[] skip = new int[256];

    /** @param needle ASCII; lower case when {@code anyCase} */
    AsciiSearch(String needle, boolean anyCase) {
        this.needle = needle.getBytes(StandardCharsets.US_ASCII);
        this.anyCase = anyCase;
        int last = this.needle.length - 1;
        Arrays.fill(skip, this.needle.length);
        for (int i = 0; i < last; i++) {
            skip[this.needle[i]] = last - i;
            if (anyCase && this.needle[i] >= 'a' && this.needle[i] <= 'z') {
                skip[this.needle[i] - ('a' - 'A')] = last - i; // the table folds case, so the loop need not
            }
        }
    }

    /** A search that ignores the case of the text (HTML tag names). */
    AsciiSearch(String lowerCaseNeedle) {
        this(lowerCaseNeedle, true);
    }

    /** Where the needle starts in {@code text[from, to)}, or -1. */
    int in(byte[] text, int from, int to) {
        // locals and no calls in the loop: the launcher runs C1-compiled code, which would reload fields each step
        byte[] pattern = needle;
        int[] shift = skip;
        int last = pattern.length - 1;
        int lastByte = pattern[last];
        int lastOtherCase = anyCase && lastByte >= 'a' && lastByte <= 'z' ? lastByte - ('a' - 'A') : lastByte;
        for (int at = Math.max(0, from), end = to - last; at < end; ) {
            int b = text[at + last] & 0xFF;
            if ((b == lastByte || b == lastOtherCase) && matches(text, at, pattern, anyCase)) {
                return at;
            }
            at += shift[b];
        }
        return -1;
    }

    int in(byte[] text, int from) {
        return in(text, from, text.length);
    }

    /** Whether the needle is in {@code text} at {@code at}. */
    boolean isAt(byte[] text, int at) {
        return matches(text, at, needle, anyCase);
    }

    int length() {
        return needle.length;
    }

    private static boolean matches(byte[] text, int at, byte[] needle, boolean anyCase) {
        if (at < 0 || at + needle.length > text.length) {
            return false;
        }
        for (int i = 0; i < needle.length; i++) {
            int b = text[at + i] & 0xFF;
            if ((anyCase ? lower(b) : b) != needle[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
