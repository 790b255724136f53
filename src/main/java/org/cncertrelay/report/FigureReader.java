package org.cncertrelay.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the figures a bulletin states ({@code 重点处理677起仿冒投诉事件}) by the words around each number, tolerant to
 * what real issues do to those words: one character missing or doubled anywhere in a figure's phrase (the words
 * before the number and those after it together) still reads the figure ({@code 重点处332起}, {@code 跨境网络安全事149起},
 * {@code 恶意URL链16个}). A number an exact phrase reads is never taken by another figure's tolerant match, and a
 * number two figures read equally well is read by neither. A number right after a figure's words that no figure
 * read is reported by {@link Result#unread()}, so nothing is lost silently.
 */
final class FigureReader {

    /** Words that may stand between a figure's phrase and its number in any wording: 约为, 共, 了, a colon. */
    private static final String FILLER = "约为达共计有了是:";
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?万?");
    /** How far back the nearest context word (放马站点, 仿冒页面) of a figure may be from its number. */
    private static final int CONTEXT_REACH = 120;
    /**
     * The numbers looked at, from the start: a whole legacy issue states about a hundred. A page listing thousands
     * of numbers (a recall list of every issue) would otherwise cost figures × numbers of phrase comparisons.
     */
    static final int MAX_NUMBERS = 5_000;

    /** One way the bulletin words a figure: the words before its number and those after it (may be empty). */
    record Wording(String before, String after) {
        Wording {
            before = fold(before);
            after = fold(after);
        }
    }

    /**
     * A figure by its name, its wordings, and the context word whose sentence it is in (null when its words are
     * its own): 涉及域名 is a malware-hosting figure after 放马站点 and a phishing figure after 仿冒页面.
     */
    record Figure(String name, String context, List<Wording> wordings) {
        Figure {
            context = context == null ? null : fold(context);
            wordings = List.copyOf(wordings);
        }
    }

    /**
     * The figures read, by name, the names of figures whose words stood before a number none of them read, and
     * whether numbers beyond {@link #MAX_NUMBERS} were left unread.
     */
    record Result(Map<String, Integer> values, Set<String> unread, boolean numbersLeftUnread) {
    }

    private final List<Figure> figures;
    private final List<String> contexts = new ArrayList<>();
    /** The widest window {@link #namedBeforeAnUnreadNumber} compares a wording's words with. */
    private final int widestWindow;

    FigureReader(List<Figure> figures) {
        this.figures = List.copyOf(figures);
        int widest = 0;
        for (Figure figure : figures) {
            for (Wording wording : figure.wordings()) {
                int longer = Math.max(wording.before().length(), wording.after().length());
                widest = Math.max(widest, longer + tolerance(wording));
            }
            if (figure.context() != null && !contexts.contains(figure.context())) {
                contexts.add(figure.context());
            }
        }
        widestWindow = widest;
    }

    /** {@code text} as normalised by the parser (no spaces, ASCII digits). */
    Result read(String text) {
        String folded = fold(text);
        List<int[]> numbers = new ArrayList<>(); // start, end
        Matcher number = NUMBER.matcher(folded);
        boolean numbersLeftUnread = false;
        while (number.find()) {
            if (numbers.size() == MAX_NUMBERS) {
                numbersLeftUnread = true;
                break;
            }
            // start, end, and where the words before it end (fillers such as 约为 skipped)
            numbers.add(new int[] {number.start(), number.end(), wordsEnd(folded, number.start())});
        }
        String[] context = nearestContexts(folded, numbers);
        char[] chars = folded.toCharArray();
        // distance of each figure's best wording at each number; 2 = no match
        int[][] distance = new int[figures.size()][numbers.size()];
        for (int f = 0; f < figures.size(); f++) {
            for (int n = 0; n < numbers.size(); n++) {
                distance[f][n] = distance(figures.get(f), chars, numbers.get(n), context[n]);
            }
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        boolean[] taken = new boolean[numbers.size()]; // the numbers a figure read
        for (int exactness = 0; exactness <= 1; exactness++) {
            for (int f = 0; f < figures.size(); f++) {
                String name = figures.get(f).name();
                if (values.containsKey(name)) {
                    continue;
                }
                for (int n = 0; n < numbers.size(); n++) {
                    if (distance[f][n] != exactness || taken[n] || claimedByAnother(distance, f, n,
                            exactness, values)) {
                        continue;
                    }
                    Integer value = value(folded.substring(numbers.get(n)[0], numbers.get(n)[1]));
                    if (value != null) {
                        values.put(name, value);
                        taken[n] = true;
                        break;
                    }
                }
            }
        }
        Set<String> unread = new LinkedHashSet<>();
        int[][] rows = new int[2][widestWindow + 1];
        for (Figure figure : figures) {
            if (!values.containsKey(figure.name()) && namedBeforeAnUnreadNumber(figure, chars, numbers, taken, rows)) {
                unread.add(figure.name());
            }
        }
        return new Result(values, unread, numbersLeftUnread);
    }

    /** Whether another figure reads number {@code n} as well as figure {@code f} does (at a tolerant match). */
    private boolean claimedByAnother(int[][] distance, int f, int n, int exactness, Map<String, Integer> read) {
        if (exactness == 0) {
            return false;
        }
        for (int other = 0; other < figures.size(); other++) {
            if (other != f && distance[other][n] <= exactness && !read.containsKey(figures.get(other).name())) {
                return true;
            }
        }
        return false;
    }

    /** Where the words before the number at {@code start} end: fillers such as 约为 between them are skipped. */
    private static int wordsEnd(String text, int start) {
        int end = start;
        while (end > 0 && FILLER.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    private int distance(Figure figure, char[] text, int[] number, String context) {
        if (figure.context() != null && !figure.context().equals(context)) {
            return 2;
        }
        int best = 2;
        for (Wording wording : figure.wordings()) {
            int before = suffixDistance(wording.before(), text, number[2]);
            if (before > 1) {
                continue;
            }
            int after = prefixDistance(wording.after(), text, number[1]);
            best = Math.min(best, before + after);
        }
        return best;
    }

    /**
     * The context word nearest before each number, within {@link #CONTEXT_REACH}: one pass over the text per
     * context word, whatever the count of numbers.
     */
    private String[] nearestContexts(String text, List<int[]> numbers) {
        String[] nearest = new String[numbers.size()];
        int[] nearestAt = new int[numbers.size()];
        Arrays.fill(nearestAt, -1);
        for (String context : contexts) {
            int n = 0;
            int previous = -1;
            for (int at = text.indexOf(context); n < numbers.size(); at = text.indexOf(context, at + 1)) {
                int next = at < 0 ? Integer.MAX_VALUE : at;
                // numbers starting before the next occurrence have "previous" as their latest one at or before them
                while (n < numbers.size() && numbers.get(n)[0] < next) {
                    int start = numbers.get(n)[0];
                    if (previous >= 0 && previous > nearestAt[n] && start - previous <= CONTEXT_REACH) {
                        nearest[n] = context;
                        nearestAt[n] = previous;
                    }
                    n++;
                }
                if (at < 0) {
                    break;
                }
                previous = at;
            }
        }
        return nearest;
    }

    /** The least edit distance (characters missing or extra) of {@code words} to the text ending at {@code end}. */
    private static int suffixDistance(String words, char[] text, int end) {
        int best = 2;
        for (int length = Math.max(0, words.length() - 1); length <= words.length() + 1 && best > 0; length++) {
            if (length <= end) {
                best = Math.min(best, indelDistance(words, text, end - length, end));
            }
        }
        return best;
    }

    private static int prefixDistance(String words, char[] text, int start) {
        if (words.isEmpty()) {
            return 0;
        }
        int best = 2;
        for (int length = Math.max(0, words.length() - 1); length <= words.length() + 1 && best > 0; length++) {
            if (start + length <= text.length) {
                best = Math.min(best, indelDistance(words, text, start, start + length));
            }
        }
        return best;
    }

    /**
     * 0 when equal, 1 when one character missing from or added to {@code text[from, to)} makes it {@code words},
     * else 2. Only missing and extra characters: a substitution (高危 for 中危) is another figure, not a typo.
     * On the page's characters in place: this runs for every figure at every number of the page.
     */
    static int indelDistance(String words, char[] text, int from, int to) {
        int length = to - from;
        int shorter = Math.min(words.length(), length);
        if (Math.abs(words.length() - length) > 1) {
            return 2;
        }
        int i = 0;
        while (i < shorter && words.charAt(i) == text[from + i]) {
            i++;
        }
        if (words.length() == length) {
            return i == length ? 0 : 2;
        }
        // skip the one extra character (in the longer of the two) at i; the rest must be equal
        int wordsSkip = words.length() > length ? 1 : 0;
        int textSkip = 1 - wordsSkip;
        for (int k = i; k < shorter; k++) {
            if (words.charAt(k + wordsSkip) != text[from + k + textSkip]) {
                return 2;
            }
        }
        return 1;
    }

    /**
     * Whether the figure's words stand around a number no figure read, even with up to a third of their characters
     * missing or some doubled (a phrase with two typos, a typo after the number, a missing context word, a number
     * two figures claim): the bulletin states the figure and the reader could not tell its number.
     */
    private boolean namedBeforeAnUnreadNumber(Figure figure, char[] text, List<int[]> numbers,
            boolean[] taken, int[][] rows) {
        for (int n = 0; n < numbers.size(); n++) {
            if (taken[n]) {
                continue;
            }
            int end = numbers.get(n)[1];
            int beforeEnd = numbers.get(n)[2];
            for (Wording wording : figure.wordings()) {
                String before = wording.before();
                String after = wording.after();
                int tolerance = tolerance(wording);
                // a word of two or three characters with one missing is too often another word
                int allowed = before.length() < 4 ? 0 : tolerance;
                int missing = missingFrom(before, text, Math.max(0, beforeEnd - before.length() - tolerance),
                        beforeEnd, allowed, rows);
                if (missing <= allowed) {
                    missing += missingFrom(after, text, end, Math.min(text.length, end + after.length() + tolerance),
                            allowed - missing, rows);
                }
                if (missing <= allowed) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many of a wording's characters may be missing for it still to name a number: up to a third. */
    private static int tolerance(Wording wording) {
        return Math.max(1, (wording.before().length() + wording.after().length()) / 3);
    }

    /**
     * How many characters of {@code words} are not in {@code text[from, to)}, in order (a longest common
     * subsequence); any count above {@code allowed} may be returned as soon as it is certain, as {@code allowed + 1}.
     * {@code rows} are two work rows at least as long as the window plus one.
     */
    private static int missingFrom(String words, char[] text, int from, int to, int allowed, int[][] rows) {
        int width = to - from;
        // Each character matched takes a place of the window holding one of the words' characters: a window with
        // too few such places cannot match, and most windows (before dates, page numbers) hold none. A 64-bit set
        // by the low bits of each character may count a few places too many, never too few.
        long letters = 0;
        for (int i = 0; i < words.length(); i++) {
            letters |= 1L << words.charAt(i);
        }
        int places = 0;
        for (int j = from; j < to; j++) {
            places += (int) (letters >>> text[j]) & 1;
        }
        if (words.length() - places > allowed) {
            return allowed + 1;
        }
        int[] previous = rows[0];
        int[] current = rows[1];
        Arrays.fill(previous, 0, width + 1, 0);
        current[0] = 0;
        for (int i = 1; i <= words.length(); i++) {
            char letter = words.charAt(i - 1);
            for (int j = 1; j <= width; j++) {
                current[j] = letter == text[from + j - 1] ? previous[j - 1] + 1
                        : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
            // the characters of words[0, i) left out can never be matched later
            if (i - previous[width] > allowed) {
                return allowed + 1;
            }
        }
        return words.length() - previous[width];
    }

    /** 613000 for 61.3万; null for a fraction that is not a count, or one beyond an int. */
    static Integer value(String number) {
        boolean tenThousands = number.endsWith("万");
        try {
            BigDecimal value = new BigDecimal(tenThousands ? number.substring(0, number.length() - 1) : number);
            if (tenThousands) {
                value = value.scaleByPowerOfTen(4);
            }
            return value.stripTrailingZeros().scale() > 0 ? null : value.intValueExact();
        } catch (ArithmeticException | NumberFormatException notACount) {
            return null;
        }
    }

    /** One form for comparing words: lower case, ASCII parentheses and colon (real issues mix the widths). */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT).replace('（', '(').replace('）', ')').replace('：', ':');
    }
}
