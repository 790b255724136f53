package org.cncertrelay.fetch;

import java.net.URI;
import java.nio.charset.Charset;

/** A successful HTTP fetch: where the request ended after redirects, the body and its charset. */
public record FetchedPage(URI requested, URI finalUri, int status, byte[] body, Charset charset) {
}
