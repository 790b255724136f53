package org.cncertrelay.page;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A body as received may be gzip-compressed: the relay asks for that ({@code Accept-Encoding: gzip}), and some feed
 * services and proxies send it anyway, sometimes without saying so in {@code Content-Encoding}. Such a body is
 * recognised by its bytes (the gzip magic number 1f 8b) and inflated under the same size cap as any body, so a
 * small compressed body that inflates to gigabytes (a gzip bomb) is refused, not read into memory.
 */
public final class GzipBody {

    private GzipBody() {
    }

    /** Whether the body is gzip data (its first two bytes are gzip's magic number). */
    public static boolean isCompressed(byte[] body) {
        return body != null && body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    /** The body inflated if it is gzip data, else the body itself; TOO_LARGE once more than {@code maxBytes}. */
    public static byte[] inflateIfCompressed(byte[] body, long maxBytes) throws PageRejected {
        if (!isCompressed(body)) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
            if (in.read() >= 0) {
                throw new PageRejected(PageProblem.TOO_LARGE, "gzip body inflates to more than " + maxBytes
                        + " bytes");
            }
            return inflated;
        } catch (IOException e) {
            throw new PageRejected(PageProblem.MALFORMED, "gzip body that does not inflate: " + e.getMessage());
        }
    }
}
