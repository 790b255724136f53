package org.cncertrelay.page;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells text that was decoded in the wrong charset (mojibake) from text that merely is not the bulletin's: a feed
 * or page read with the wrong charset once must not be taken for "not this bulletin" for good. Recognised: bytes
 * not valid in the charset (U+FFFD), UTF-8 read as Latin-1 or Windows-1252 ({@code ç½\u0091ç»\u009c}), UTF-8 read
 * as GBK ({@code 缃戠粶瀹夊叏}). The last two are found by undoing the wrong decoding: the bytes it gives back
 * are valid UTF-8 with multi-byte characters, which Chinese text in those encodings practically never is.
 */
public final class GarbledText {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset GBK = Charset.forName("GBK");
    /** Two CJK characters' worth of UTF-8: shorter runs may be valid UTF-8 by chance. */
    private static final int MIN_UTF8_BYTES = 6;

    private GarbledText() {
    }

    public static boolean looksGarbled(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (text.indexOf('\uFFFD') >= 0 || text.chars().anyMatch(c -> c >= 0x80 && c <= 0x9f)) {
            return true;
        }
        String nonAscii = text.replaceAll("[\\x00-\\x7f\\s\\p{Z}]+", "");
        return nonAscii.length() >= 2
                && (utf8Behind(nonAscii, StandardCharsets.ISO_8859_1) || utf8Behind(nonAscii, WINDOWS_1252)
                        || utf8Behind(nonAscii, GBK));
    }

    /** Whether {@code text} is UTF-8 bytes decoded as {@code wrong}: encoding it back gives multi-byte UTF-8. */
    private static boolean utf8Behind(String text, Charset wrong) {
        if (!wrong.newEncoder().canEncode(text)) {
            return false;
        }
        byte[] bytes = text.getBytes(wrong);
        if (bytes.length < MIN_UTF8_BYTES && wrong.equals(GBK)) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
