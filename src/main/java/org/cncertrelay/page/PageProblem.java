package org.cncertrelay.page;

/**
 * Why a fetched page did not become a record. Temporary problems are retried on later polls with growing backoff;
 * permanent ones are never fetched again. {@link #metricName()} is the label used in logs and metrics.
 */
public enum PageProblem {
    VERIFICATION(true, "verification page (WeChat anti-bot check); retrying later with backoff"),
    RATE_LIMITED(true, "rate-limit page (访问过于频繁); retrying later with backoff"),
    EMPTY_BODY(true, "article body withheld or empty; retrying later with backoff"),
    HTTP_5XX(true, "server error; retrying later with backoff"),
    TIMEOUT(true, "timed out; retrying later with backoff"),
    NETWORK(true, "could not connect; retrying later with backoff"),
    /** A redirect loop fails this page only: unlike NETWORK, its host is not deferred. */
    TOO_MANY_REDIRECTS(true, "redirected in a loop or too many times; retrying later with backoff"),
    /**
     * A redirect, or a retried link, the allowed hosts refuse: retried, as the redirect or reports.allowed-hosts may
     * change; a refused URL is never requested.
     */
    REFUSED(true, "leads outside reports.allowed-hosts or to a private address, not requested; retrying later with "
            + "backoff"),
    /** Read, but its record could not be stored (a full disk) or was lost from the record store since. */
    NOT_STORED(true, "its record is not in the record store; reading it again"),
    /**
     * Text decoded in the wrong charset (garbled titles, replacement characters): what it says cannot be judged,
     * so it is not written to the page ledger and is read again on the next poll, however often this happens.
     */
    UNDECODABLE(true, "garbled text (decoded in the wrong charset); read again on the next poll"),
    DELETED(false, "article deleted by its publisher; not fetched again"),
    SHARE_CARD(false, "share card (a repost without the text); not fetched again"),
    NOT_THIS_BULLETIN(false, "not an issue of 网络安全信息与动态周报; not fetched again"),
    UNRECOGNISED(false, "bulletin page whose text the parser does not recognise; not fetched again"),
    NOT_AN_ARTICLE(false, "not an article page; not fetched again"),
    HTTP_4XX(false, "client error; not fetched again"),
    TOO_LARGE(false, "page larger than reports.max-page-bytes; not fetched again"),
    MALFORMED(false, "malformed content; not fetched again");

    private final boolean temporary;
    private final String explanation;

    PageProblem(boolean temporary, String explanation) {
        this.temporary = temporary;
        this.explanation = explanation;
    }

    public boolean temporary() {
        return temporary;
    }

    /** What happened and what the daemon does about it, for the operator's log line. */
    public String explanation() {
        return explanation;
    }

    /**
     * Whether the rejection is the parser's judgement of the content, not a fact about the page: a later parser
     * may judge it otherwise, so such a page is read again when {@link ParserVersion#PARSER_VERSION} changes.
     */
    public boolean parserDependent() {
        return this == NOT_THIS_BULLETIN || this == UNRECOGNISED || this == MALFORMED;
    }

    public String metricName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
