package org.cncertrelay.report;

/** Identity of an issue: the year in its title and its number within that year. Ordered oldest first. */
public record ReportKey(int year, int issue) implements Comparable<ReportKey> {

    @Override
    public int compareTo(ReportKey other) {
        return year != other.year ? Integer.compare(year, other.year) : Integer.compare(issue, other.issue);
    }

    public String label() {
        return year + "年第" + issue + "期";
    }

    @Override
    public String toString() {
        return label();
    }
}
