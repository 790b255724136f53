package org.cncertrelay.page;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page's inline scripts, with where each {@code var NAME} of the names asked for is declared found in one pass.
 * A live page has hundreds of KB of script and over a thousand declarations: a regex find() over all of it per
 * variable tries the pattern at every character, which cost more than parsing the page. A match can only start at
 * a {@code var} followed by spaces and the name, so the pattern is tried only there, in order: the same first
 * match as a find() of {@code \bvar\s+NAME\s*=...}.
 *
 * <p>The script is kept as its UTF-8 bytes: everything searched for is ASCII, and no byte of a multi-byte UTF-8
 * character is, so hundreds of KB need no decoding; only the values read are decoded.
 */
final class ScriptVariables {

    private static final AsciiSearch VAR = new AsciiSearch("var", false);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|'([^']*)'");
    private static final Map<String, Pattern> DECLARATIONS = new ConcurrentHashMap<>();

    private final byte[] utf8;
    private final Map<String, List<Integer>> declarations = new HashMap<>();

    /** @param names the (ASCII) variable names {@link #get} will be asked for */
    ScriptVariables(byte[] utf8, Set<String> names) {
        this.utf8 = utf8;
        byte[][] wanted = names.stream().map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        names.forEach(name -> declarations.put(name, new ArrayList<>(1)));
        for (int at = VAR.in(utf8, 0); at >= 0; at = VAR.in(utf8, at + 3)) {
            int name = at + 3;
            while (name < utf8.length && isRegexSpace(utf8[name])) {
                name++;
            }
            int end = name;
            while (end < utf8.length && Character.isJavaIdentifierPart((char) (utf8[end] & 0xFF))) {
                end++; // a name that goes on in a multi-byte character is no ASCII name looked up
            }
            if (name > at + 3 && end > name) {
                for (byte[] candidate : wanted) {
                    if (candidate.length == end - name && candidate[0] == utf8[name]
                            && Arrays.equals(utf8, name, end, candidate, 0, candidate.length) && wordStartsAt(at)) {
                        declarations.get(new String(candidate, StandardCharsets.US_ASCII)).add(at);
                        break;
                    }
                }
            }
        }
    }

    static ScriptVariables of(String script, Set<String> names) {
        return new ScriptVariables(script.getBytes(StandardCharsets.UTF_8), names);
    }

    /**
     * The value of {@code var name = "..."} (or '...', or htmlDecode("...")). Pages declare some as a chain of
     * fallbacks, {@code var mid = "" || "" || "2247499255";}: the first non-empty one.
     */
    String get(String name) {
        List<Integer> candidates = declarations.get(name);
        if (candidates == null) {
            throw new IllegalArgumentException("script variable " + name + " was not asked for when indexing");
        }
        // the pattern is ASCII, so it matches the bytes seen one char each as it would the decoded text
        Matcher matcher = DECLARATIONS.computeIfAbsent(name, ScriptVariables::declaration).matcher(new Bytes());
        for (int at : candidates) {
            if (matcher.region(at, utf8.length).lookingAt()) {
                return firstNonEmpty(new String(utf8, matcher.start(1), matcher.end(1) - matcher.start(1),
                        StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    /** What \b before {@code at} means in a regex over the decoded script: no letter, digit or _ just before. */
    private boolean wordStartsAt(int at) {
        if (at == 0) {
            return true;
        }
        int lead = at - 1;
        while (lead > 0 && at - lead < 4 && (utf8[lead] & 0xC0) == 0x80) {
            lead--; // back over the continuation bytes of a multi-byte character to its first byte
        }
        String character = new String(utf8, lead, at - lead, StandardCharsets.UTF_8);
        int before = character.codePointBefore(character.length());
        return !(Character.isLetterOrDigit(before) || before == '_');
    }

    private static String firstNonEmpty(String chain) {
        Matcher quoted = QUOTED.matcher(chain);
        while (quoted.find()) {
            String value = (quoted.group(1) != null ? quoted.group(1) : quoted.group(2)).replace("&amp;", "&").trim();
            if (!value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static Pattern declaration(String name) {
        return Pattern.compile("var\\s+" + Pattern.quote(name)
                + "\\s*=\\s*(?:htmlDecode\\()?\\s*((?:\"[^\"]*\"|'[^']*')(?:\\s*\\|\\|\\s*(?:\"[^\"]*\"|'[^']*'))*)");
    }

    /** What \s matches. */
    private static boolean isRegexSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\013' || c == '\f' || c == '\r';
    }

    /** The script's bytes, one char each, for the regex. */
    private final class Bytes implements CharSequence {
        @Override
        public int length() {
            return utf8.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (utf8[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(utf8, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(utf8, StandardCharsets.ISO_8859_1);
        }
    }
}
