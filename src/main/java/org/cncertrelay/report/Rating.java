package org.cncertrelay.report;

import org.cncertrelay.i18n.Messages;

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

    /** The rating as readers see it in {@code messages}' language; "unknown" there when the issue stated none. */
    public static String label(Rating rating, Messages messages) {
        return rating == null ? messages.get("rating.unknown") : messages.get("rating." + rating);
    }
}
