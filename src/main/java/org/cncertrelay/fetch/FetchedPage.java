package org.cncertrelay.fetch;

import java.net.URI;

/** A successful HTTP fetch: where the request ended after redirects, and the decoded body. */
public record FetchedPage(URI requested, URI finalUri, int status, String body) {
}
