package org.cncertrelay.crawl;

import java.net.URI;

/** The raw content of a task, before interpretation; {@code finalUri} is where HTTP redirects ended. */
public record Loaded(FetchTask task, String content, URI finalUri) {
}
