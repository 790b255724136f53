package org.cncertrelay.page;

/**
 * Which parser judged a page: the page readers, the feed reader and the bulletin parser together. A page rejected
 * for what the parser made of it (not this bulletin, unrecognised, malformed) is read again once this changes, so a
 * better parser gets back what an older one missed.
 */
public final class ParserVersion {

    /**
     * Raise by one whenever a change to a reader or to {@code BulletinParser} may read a page differently. 1 is
     * every parser before the version was kept (a page ledger entry without one).
     */
    public static final int PARSER_VERSION = 2;

    private ParserVersion() {
    }

    /** Whether a rejection for {@code problem} under parser {@code version} is to be tried again by this parser. */
    public static boolean retriedNow(PageProblem problem, int version) {
        return problem != null && problem.parserDependent() && version < PARSER_VERSION;
    }
}
