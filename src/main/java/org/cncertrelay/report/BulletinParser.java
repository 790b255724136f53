package org.cncertrelay.report;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cncertrelay.i18n.Messages;
import org.cncertrelay.page.Article;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;

/**
 * Interprets an article's text as an issue of 网络安全信息与动态周报: a pure function from {@link Article} to
 * {@link Report}. Tolerates what real issues do: typos (跨境网络安全事149起, 重点处332起, 恶意URL链16个), stray spaces
 * inside words, {@code ；} or {@code 。} between sentences, a missing mobile-app sentence, cross-year weeks and
 * titles without years.
 */
public final class BulletinParser {

    public static final String BULLETIN_NAME = "网络安全信息与动态周报";

    private static final Pattern ISSUE = Pattern.compile("(?:(\\d{4})年)?第(\\d{1,3})期");
    private static final Pattern PERIOD = Pattern.compile(
            "[（(](?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日?[-－—–~～至到]+(?:(\\d{4})年)?(?:(\\d{1,2})月)?(\\d{1,2})日?[）)]");
    private static final Pattern DOTTED_PERIOD = Pattern.compile(
            "[（(](\\d{4})[.\\-](\\d{1,2})[.\\-](\\d{1,2})[-－—–~～至到]+(\\d{4})[.\\-](\\d{1,2})[.\\-](\\d{1,2})[）)]");
    // some issues quote the level: 整体评价为“中”
    private static final Pattern RATING = Pattern.compile("整体评价为[“\"'「『]?([优良中差危])");
    // 2016–2020: 共处理了网络安全事件318起
    private static final Pattern TOTAL = Pattern.compile("共处理了?网络安全事件?(\\d+)起");
    private static final Pattern VULNERABILITY_LEVEL =
            Pattern.compile("漏洞威胁整体评价级别为[“\"'「『]?([高中低优良差危])");
    /** Headings of the full-text issues: two of them make a page an issue even without rating or incidents. */
    private static final List<String> SECTION_HEADINGS = List.of("本周网络安全基本态势", "本周网络病毒活动情况",
            "本周网站安全情况", "本周重要漏洞情况", "本周事件处理情况");
    private static final FigureReader FIGURES = figureReader();
    // \p{Z}: every Unicode space (no-break, ideographic, thin, en...), not only the ASCII ones \s knows
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}\\u200b\\u200c\\u200d\\u2060\\ufeff]+");

    private final Messages messages;
    private final ReportValidator validator;

    /** Warnings in the language of {@code messages} ({@code relay.language}). */
    public BulletinParser(Messages messages) {
        this.messages = messages;
        this.validator = new ReportValidator(messages);
    }

    /** Warnings in the default language ({@link Messages#DEFAULT_LANGUAGE}). */
    public BulletinParser() {
        this(Messages.of(Messages.DEFAULT_LANGUAGE));
    }

    public Report parse(Article article) throws PageRejected {
        String title = normalise(article.title() == null ? "" : article.title());
        if (!title.contains(BULLETIN_NAME)) {
            throw new PageRejected(PageProblem.NOT_THIS_BULLETIN,
                    title.isEmpty() ? "page has no title" : "title is \"" + title + "\"");
        }
        String text = normalise(article.text() == null ? "" : article.text());
        // A share card may show the original's summary (整体评价为良), so the rating alone does not make it an
        // issue: 阅读全文 without the incident count is a card.
        boolean hasSections = SECTION_HEADINGS.stream().filter(text::contains).count() >= 2;
        Matcher ratingMatch = RATING.matcher(text);
        boolean hasRating = ratingMatch.find();
        boolean hasTotal = TOTAL.matcher(text).find();
        if (text.contains("阅读全文") && !hasTotal && !hasSections) {
            throw new PageRejected(PageProblem.SHARE_CARD, "body is only the title, a summary and 阅读全文");
        }
        if (!hasRating && !hasTotal && !hasSections) {
            String withoutTitle = text.replace(title, "");
            if (withoutTitle.length() < 60) {
                throw new PageRejected(PageProblem.EMPTY_BODY, "body has " + withoutTitle.length() + " characters");
            }
            throw new PageRejected(PageProblem.UNRECOGNISED, "no posture rating (整体评价) and no incident count "
                    + "(共处理网络安全事件) in the body");
        }

        List<String> warnings = new ArrayList<>();
        LocalDate published = article.published();
        Matcher issueMatch = ISSUE.matcher(title);
        Integer titleYear = null;
        Integer issue = null;
        if (issueMatch.find()) {
            titleYear = issueMatch.group(1) == null ? null : Integer.parseInt(issueMatch.group(1));
            issue = Integer.parseInt(issueMatch.group(2));
        }
        LocalDate[] period = period(title, titleYear, issue, published);
        if (issue == null) {
            if (period == null) {
                throw new PageRejected(PageProblem.UNRECOGNISED, "title has neither an issue number nor a week: \""
                        + title + "\"");
            }
            // The oldest issues were titled by their week only; their number is the week's ISO week number.
            // The week-based year, not the calendar year: week 53 of 2015 ends on 2016-01-03.
            issue = period[1].get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            titleYear = period[1].get(IsoFields.WEEK_BASED_YEAR);
            warnings.add(messages.get("warning.issue-from-week"));
        }
        int year;
        if (titleYear != null) {
            year = titleYear;
        } else if (period != null) {
            year = period[1].getYear();
            warnings.add(messages.get("warning.year-from-week"));
        } else if (published != null) {
            year = published.getYear();
            warnings.add(messages.get("warning.year-from-published"));
        } else {
            throw new PageRejected(PageProblem.UNRECOGNISED, "cannot tell the year of \"" + title + "\"");
        }

        Rating rating = hasRating ? Rating.fromChinese(ratingMatch.group(1)) : null;
        FigureReader.Result figures = FIGURES.read(text);
        Map<String, Integer> read = figures.values();
        Map<LegacyFigure, Integer> legacy = new EnumMap<>(LegacyFigure.class);
        for (LegacyFigure figure : LegacyFigure.values()) {
            legacy.put(figure, read.get(figure.column()));
        }
        Matcher levelMatch = VULNERABILITY_LEVEL.matcher(text);
        Report report = new Report(year, issue,
                period == null ? null : period[0], period == null ? null : period[1], published, rating,
                read.get(ReportCount.INCIDENTS_TOTAL.jsonName()), read.get(ReportCount.INCIDENTS_CROSS_BORDER.jsonName()),
                read.get(ReportCount.PHISHING_COMPLAINTS.jsonName()),
                read.get(ReportCount.MALICIOUS_APP_PLATFORMS.jsonName()), read.get(ReportCount.MALICIOUS_URLS.jsonName()),
                title, article.address() == null ? null : article.address().canonicalUrl(),
                article.account(), article.images(), List.of(), legacy, levelMatch.find() ? levelMatch.group(1) : null);
        for (String unread : figures.unread()) {
            warnings.add(messages.get("warning.figure-unread", unread));
        }
        if (figures.numbersLeftUnread()) {
            warnings.add(messages.get("warning.numbers-left-unread", FigureReader.MAX_NUMBERS));
        }
        warnings.addAll(validator.check(report));
        return report.withWarnings(warnings);
    }

    /**
     * The week from the title. Years absent from the range come from the issue's year; a range that starts in
     * December in an issue numbered 1 or 2 began the year before, and an end month before the start month is in
     * the following year.
     */
    private static LocalDate[] period(String title, Integer titleYear, Integer issue, LocalDate published) {
        Matcher dotted = DOTTED_PERIOD.matcher(title);
        if (dotted.find()) {
            try {
                return new LocalDate[] {date(dotted.group(1), dotted.group(2), dotted.group(3)),
                        date(dotted.group(4), dotted.group(5), dotted.group(6))};
            } catch (java.time.DateTimeException e) {
                return null; // an impossible date (2014.02.30): no week, which the validator reports
            }
        }
        Matcher range = PERIOD.matcher(title);
        if (!range.find()) {
            return null;
        }
        int startMonth = Integer.parseInt(range.group(2));
        int startDay = Integer.parseInt(range.group(3));
        int endMonth = range.group(5) == null ? startMonth : Integer.parseInt(range.group(5));
        int endDay = Integer.parseInt(range.group(6));
        int baseYear = titleYear != null ? titleYear : published != null ? published.getYear() : -1;
        int startYear;
        if (range.group(1) != null) {
            startYear = Integer.parseInt(range.group(1));
        } else if (baseYear < 0) {
            return null;
        } else if (titleYear == null) {
            // published a few days after the week: a December week published in January belongs to the year before
            startYear = startMonth > published.getMonthValue() ? baseYear - 1 : baseYear;
        } else {
            startYear = startMonth == 12 && issue != null && issue <= 2 ? baseYear - 1 : baseYear;
        }
        int endYear = range.group(4) != null ? Integer.parseInt(range.group(4))
                : endMonth < startMonth ? startYear + 1 : startYear;
        try {
            return new LocalDate[] {LocalDate.of(startYear, startMonth, startDay),
                    LocalDate.of(endYear, endMonth, endDay)};
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static LocalDate date(String year, String month, String day) {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    }

    /** Today's five counts and the legacy figures, each by the words real issues put around it. */
    private static FigureReader figureReader() {
        List<FigureReader.Figure> figures = new ArrayList<>();
        figures.add(figure(ReportCount.INCIDENTS_TOTAL, "共处理网络安全事件", "起", "共处理了网络安全事件", "起"));
        figures.add(figure(ReportCount.INCIDENTS_CROSS_BORDER, "跨境网络安全事件", "起"));
        figures.add(figure(ReportCount.PHISHING_COMPLAINTS, "重点处理", "起仿冒", "重点处理", "起网页仿冒"));
        figures.add(figure(ReportCount.MALICIOUS_APP_PLATFORMS, "协调", "个提供恶意移动应用"));
        figures.add(figure(ReportCount.MALICIOUS_URLS, "恶意url链接", "个", "恶意url", "个"));
        for (LegacyFigure figure : LegacyFigure.values()) {
            figures.add(figure.figure());
        }
        return new FigureReader(figures);
    }

    /** A figure from pairs of words: before its number, after it. */
    private static FigureReader.Figure figure(ReportCount count, String... beforeAndAfter) {
        List<FigureReader.Wording> wordings = new ArrayList<>();
        for (int i = 0; i < beforeAndAfter.length; i += 2) {
            wordings.add(new FigureReader.Wording(beforeAndAfter[i], beforeAndAfter[i + 1]));
        }
        return new FigureReader.Figure(count.jsonName(), null, wordings);
    }

    /** Removes every kind of space (real issues break words with them) and folds full-width digits. */
    static String normalise(String text) {
        String folded = SPACES.matcher(text).replaceAll("");
        StringBuilder ascii = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c >= '０' && c <= '９') {
                ascii.append((char) (c - '０' + '0'));
            } else if (c == ',' && i > 0 && Character.isDigit(folded.charAt(i - 1)) && i + 1 < folded.length()
                    && Character.isDigit(folded.charAt(i + 1))) {
                continue; // thousands separator
            } else {
                ascii.append(c);
            }
        }
        return ascii.toString();
    }
}
