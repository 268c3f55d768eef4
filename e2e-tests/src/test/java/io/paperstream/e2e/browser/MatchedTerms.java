package io.paperstream.e2e.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The oracle of the page's highlights, from the paper's data alone: its themes' {@code matched} terms. It does
 * not repeat the page's term patterns; it states what any correct highlighting must show.
 * <ul>
 * <li>Where a matched term occurs in the text literally (ignoring case, as whole words), it is highlighted.</li>
 * <li>A highlight is one of the matched terms, told apart only by what the taxonomy's documented term syntax
 * lets vary: case, the hyphens and spaces between words, a plural ending on a word, and letters where the term
 * has a {@code *}.</li>
 * </ul>
 */
final class MatchedTerms {

    /** Plural endings a word of a term may take in the text ("model" -> "models", "policy" -> "policies"). */
    private static final List<String> PLURAL_ENDINGS = List.of("", "s", "es");
    private static final String WILDCARD = "*";

    private MatchedTerms() {
    }

    /** Start offsets of the term's literal occurrences in the text, ignoring case, as whole words. */
    static List<Integer> literalOccurrences(String term, String text) {
        List<Integer> starts = new ArrayList<>();
        String needle = term.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty() || needle.contains(WILDCARD)) {
            return starts;
        }
        String haystack = text.toLowerCase(Locale.ROOT);
        // lower-casing keeps the length of the texts of these tests (Latin script): offsets stay valid
        if (haystack.length() != text.length()) {
            return starts;
        }
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            int end = at + needle.length();
            if ((at == 0 || !isWordChar(haystack.charAt(at - 1)))
                    && (end == haystack.length() || !isWordChar(haystack.charAt(end)))) {
                starts.add(at);
            }
        }
        return starts;
    }

    /** Whether a highlighted text is this term, up to what the term syntax lets vary. */
    static boolean isTerm(String highlighted, String term) {
        List<String> words = new ArrayList<>();
        for (String part : term.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}*]+")) {
            if (!part.isEmpty()) {
                words.add(part);
            }
        }
        return !words.isEmpty() && matches(fold(highlighted), 0, words, 0);
    }

    /** Letters and digits only, lower case: hyphens, spaces and case are what may differ. */
    private static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(folded::appendCodePoint);
        return folded.toString();
    }

    private static boolean matches(String text, int at, List<String> words, int word) {
        if (word == words.size()) {
            return at == text.length();
        }
        String pattern = words.get(word);
        int star = pattern.indexOf(WILDCARD);
        if (star >= 0) {
            String prefix = pattern.substring(0, star);
            if (!text.startsWith(prefix, at)) {
                return false;
            }
            // the wildcard stands for letters: any number of them (at least one for a lone "*")
            for (int end = at + prefix.length() + (prefix.isEmpty() ? 1 : 0); end <= text.length(); end++) {
                if (matches(text, end, words, word + 1)) {
                    return true;
                }
            }
            return false;
        }
        List<String> forms = new ArrayList<>();
        PLURAL_ENDINGS.forEach(ending -> forms.add(pattern + ending));
        if (pattern.endsWith("y")) {
            forms.add(pattern.substring(0, pattern.length() - 1) + "ies");
        }
        for (String form : forms) {
            if (text.startsWith(form, at) && matches(text, at + form.length(), words, word + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }
}
