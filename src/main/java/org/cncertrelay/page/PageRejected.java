package org.cncertrelay.page;

/** Thrown by readers and the parser when a page is not an issue of the bulletin; carries the reason. */
public class PageRejected extends Exception {

    private final PageProblem problem;

    public PageRejected(PageProblem problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public PageProblem problem() {
        return problem;
    }
}
