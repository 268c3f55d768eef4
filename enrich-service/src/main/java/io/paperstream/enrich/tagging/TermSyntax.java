package io.paperstream.enrich.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The syntax of a taxonomy term, turned into the word sequences the tagger matches.
 * <ul>
 * <li>Words are runs of letters and digits; anything else separates them, and so does a capital right after
 * a small letter ("ClimateAgents", "GraphRAG"), exactly as in the text.</li>
 * <li>A word written with any capital letter ({@code RL}, {@code GRPO}, {@code LLM}) matches only with that
 * exact case, as a whole word: {@code RL} is neither in {@code URL} nor in {@code "rl"}. Other words match
 * in any case.</li>
 * <li>The last word of a term also matches its regular plural ({@code reward model} → "reward models",
 * {@code policy} → "policies"); earlier words do not, so {@code model collapse} is not found in "linear models
 * collapse". A capitalized word always accepts a trailing {@code s} ({@code LLM} → "LLMs").</li>
 * <li>{@code merg*} matches any word starting with {@code merg} (merge, merging, merged): the way to cover
 * inflections. The prefix needs at least {@value #MIN_PREFIX} characters.</li>
 * <li>A lone {@code *} inside a term matches any one word ({@code LLM * agent}: "LLM-based agents").</li>
 * <li>A hyphenated part ({@code multi-agent}) also matches written solid ({@code multiagent}); written with a
 * hyphen or a space, its words are two tokens either way.</li>
 * </ul>
 */
final class TermSyntax {

    static final int MIN_PREFIX = 3;
    private static final int MAX_VARIANTS = 16;

    enum Kind {
        /** lower-case word, exactly */
        EXACT,
        /** lower-case word or its regular plural: the last word of a term */
        EXACT_OR_PLURAL,
        /** word with capitals, in that case, or with a trailing s */
        CASE_SENSITIVE,
        /** any word starting with the text */
        PREFIX,
        /** any one word */
        ANY
    }

    /** One word of a term: its text (lower-cased unless case-sensitive; without the {@code *}) and kind. */
    record Word(Kind kind, String text) {

        static final Word ANY_WORD = new Word(Kind.ANY, "*");
    }

    private TermSyntax() {
    }

    /**
     * Every word sequence that the term stands for.
     *
     * @throws IllegalArgumentException with a readable reason when the term is malformed
     */
    static List<List<Word>> variants(String term) {
        List<List<Word>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (String part : term.trim().split("\\s+")) {
            List<Word> split = words(part, term);
            List<List<Word>> choices = new ArrayList<>();
            choices.add(split);
            Word joined = joined(split);
            if (joined != null) {
                choices.add(List.of(joined));
            }
            List<List<Word>> next = new ArrayList<>();
            for (List<Word> prefix : variants) {
                for (List<Word> choice : choices) {
                    List<Word> sequence = new ArrayList<>(prefix);
                    sequence.addAll(choice);
                    next.add(sequence);
                }
            }
            variants = next;
            if (variants.size() > MAX_VARIANTS) {
                throw new IllegalArgumentException("term '" + term + "' has too many hyphenated parts");
            }
        }
        List<Word> first = variants.get(0);
        if (first.isEmpty()) {
            throw new IllegalArgumentException("term '" + term + "' has no word");
        }
        if (first.get(0).kind() == Kind.ANY || first.get(first.size() - 1).kind() == Kind.ANY) {
            throw new IllegalArgumentException("term '" + term + "' may not start or end with a lone *");
        }
        return variants.stream().map(TermSyntax::pluralizeLast).toList();
    }

    /**
     * True when a new word starts at {@code i} inside a camel-case name (a capital right after a small letter):
     * "ClimateAgents" is the words Climate and Agents, in the text and in terms alike.
     */
    static boolean isCamelCaseBoundary(CharSequence text, int i, int wordStart) {
        return i > wordStart && Character.isUpperCase(text.charAt(i)) && Character.isLowerCase(text.charAt(i - 1));
    }

    private static List<Word> pluralizeLast(List<Word> words) {
        List<Word> result = new ArrayList<>(words);
        Word last = result.get(result.size() - 1);
        if (last.kind() == Kind.EXACT) {
            result.set(result.size() - 1, new Word(Kind.EXACT_OR_PLURAL, last.text()));
        }
        return List.copyOf(result);
    }

    private static List<Word> words(String part, String term) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < part.length()) {
            char c = part.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '*') {
                i++;
                continue;
            }
            int start = i;
            while (i < part.length() && (Character.isLetterOrDigit(part.charAt(i)) || part.charAt(i) == '*')
                    && !isCamelCaseBoundary(part, i, start)) {
                i++;
            }
            words.add(word(part.substring(start, i), term));
        }
        return words;
    }

    private static Word word(String text, String term) {
        if (text.equals("*")) {
            return Word.ANY_WORD;
        }
        int star = text.indexOf('*');
        if (star >= 0) {
            String prefix = text.substring(0, star);
            boolean lowerCase = prefix.equals(prefix.toLowerCase(Locale.ROOT));
            if (star != text.length() - 1 || prefix.length() < MIN_PREFIX || !lowerCase) {
                throw new IllegalArgumentException("term '" + term + "': '" + text + "' must be a lower-case prefix of "
                        + MIN_PREFIX + "+ characters followed by one *");
            }
            return new Word(Kind.PREFIX, prefix);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals(text) ? new Word(Kind.EXACT, text) : new Word(Kind.CASE_SENSITIVE, text);
    }

    /** The solid spelling of a hyphenated part ("multi-agent" → "multiagent"), when there is one. */
    private static Word joined(List<Word> split) {
        if (split.size() < 2) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        Kind kind = Kind.EXACT;
        for (int i = 0; i < split.size(); i++) {
            Word word = split.get(i);
            boolean last = i == split.size() - 1;
            if (word.kind() == Kind.ANY || (word.kind() == Kind.PREFIX && !last)) {
                return null;
            }
            if (word.kind() == Kind.CASE_SENSITIVE) {
                kind = Kind.CASE_SENSITIVE;
            } else if (word.kind() == Kind.PREFIX && kind == Kind.EXACT) {
                kind = Kind.PREFIX;
            }
            text.append(word.text());
        }
        if (kind == Kind.PREFIX && split.stream().anyMatch(w -> w.kind() == Kind.CASE_SENSITIVE)) {
            return null;
        }
        return new Word(kind, text.toString());
    }
}
