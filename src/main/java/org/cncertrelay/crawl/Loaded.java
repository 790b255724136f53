package org.cncertrelay.crawl;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The raw content of a task, before interpretation: bytes in {@code charset}, kept as bytes because an article
 * page's reader decodes only the part it parses; {@code finalUri} is where HTTP redirects ended.
 */
public record Loaded(FetchTask task, byte[] content, Charset charset, URI finalUri) {

    static Loaded ofText(FetchTask task, String content, URI finalUri) {
        return new Loaded(task, content.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, finalUri);
    }

    /** The content decoded. */
    public String text() {
        return new String(content, charset);
    }
}
