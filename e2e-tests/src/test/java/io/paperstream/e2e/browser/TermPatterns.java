package io.paperstream.e2e.browser;

import java.util.Arrays;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the page highlights for a matched term: the taxonomy's term syntax (enrich's {@code TermSyntax}), matched
 * ignoring case and as whole words. "multi-agent" also matches "multi agent" and "multiagent"; a word also
 * matches its regular plural; "merg*" is a prefix; a lone "*" is any one word; a phrase does not run across
 * sentence punctuation. The page's {@code app.js} implements the same rules.
 */
final class TermPatterns {

    private static final String WORD_CHAR = "[\\p{L}\\p{N}]";
    private static final String BETWEEN_WORDS = "[^\\p{L}\\p{N}.,;:!?()\\[\\]]+";
    private static final String INSIDE_HYPHENATED = "[^\\p{L}\\p{N}.,;:!?()\\[\\]]?";
    private static final Pattern TERM_WORD = Pattern.compile("[\\p{L}\\p{N}*]+");
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private TermPatterns() {
    }

    /** The text a term matches, without word boundaries (for checking a highlight's whole text). */
    static Pattern pattern(String term) {
        return Pattern.compile(source(term), FLAGS);
    }

    /** Start offsets of the term's whole-word occurrences in a text. */
    static List<Integer> occurrences(String term, String text) {
        if (source(term).isEmpty()) {
            return List.of();
        }
        Pattern whole = Pattern.compile("(?<!" + WORD_CHAR + ")(?:" + source(term) + ")(?!" + WORD_CHAR + ")", FLAGS);
        return whole.matcher(text).results().map(MatchResult::start).toList();
    }

    private static String source(String term) {
        return Arrays.stream(term.trim().split("\\s+"))
                .map(part -> TERM_WORD.matcher(part).results().map(m -> word(m.group()))
                        .collect(Collectors.joining(INSIDE_HYPHENATED)))
                .filter(part -> !part.isEmpty())
                .collect(Collectors.joining(BETWEEN_WORDS));
    }

    private static String word(String word) {
        if (word.equals("*")) {
            return WORD_CHAR + "+";
        }
        if (word.endsWith("*")) {
            return Pattern.quote(word.substring(0, word.length() - 1)) + WORD_CHAR + "*";
        }
        if (word.matches("(?i).*[^aeiou]y")) {
            return Pattern.quote(word.substring(0, word.length() - 1)) + "(?:y|ies)";
        }
        return Pattern.quote(word) + "(?:e?s)?";
    }
}
