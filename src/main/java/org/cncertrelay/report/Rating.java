package org.cncertrelay.report;

/** The bulletin's five-level posture rating (整体评价), best first. */
public enum Rating {
    EXCELLENT("优"), GOOD("良"), MEDIUM("中"), POOR("差"), CRITICAL("危");

    private final String chinese;

    Rating(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    public static Rating fromChinese(String text) {
        for (Rating rating : values()) {
            if (rating.chinese.equals(text)) {
                return rating;
            }
        }
        throw new IllegalArgumentException("unknown rating: " + text);
    }
}
