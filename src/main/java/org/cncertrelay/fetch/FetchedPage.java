package org.cncertrelay.fetch;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/**
 * A successful HTTP fetch: where the request ended after redirects, the body as received and its charset, and the
 * final response's headers (the status line under the null name, as {@link java.net.HttpURLConnection} has it).
 */
public record FetchedPage(URI requested, URI finalUri, int status, byte[] body, Charset charset,
        Map<String, List<String>> headers) {
}
