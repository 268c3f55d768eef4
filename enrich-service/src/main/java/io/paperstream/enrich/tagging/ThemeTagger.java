package io.paperstream.enrich.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags a paper with the themes of a {@link Taxonomy}, in one pass over its text for the whole taxonomy.
 * <p>
 * At construction every term of every theme is compiled into two tries: a character trie that maps a token to
 * the ids of the taxonomy words it is (exact word, plural, prefix such as {@code merg*}, case-sensitive
 * abbreviation), and a phrase trie over those word ids. Tagging then walks the text once: each token is looked
 * up character by character, and the set of phrases in progress is advanced by its word ids, so the cost is
 * linear in the text whatever the number of themes and terms. Phrases do not run across sentence punctuation.
 * <p>
 * A term inside an exclusion phrase of its theme is cancelled, and a term inside a longer matching term of the
 * same theme counts once, as the longer one. The summary is read sentence by sentence ({@link Taxonomy.Reading}):
 * the contribution cues of the taxonomy ("we propose", "this paper") are matched in the same pass and decide how
 * much each sentence counts. A theme's raw score adds, per distinct term, its weight times {@code titleWeight}
 * when in the title, plus its weight times the weight of its strongest summary sentence (and {@code repeatBonus}
 * of that per repeat; a sentence other than a contribution sentence counts less as the summary grows past
 * {@code referenceWords}); the theme is carried when the raw score reaches its threshold and one of its own terms
 * (not only context terms) fired. A theme none of whose fired terms is decisive (weight at least
 * {@code decisiveWeight}) needs {@code supportOnlyFactor} times its threshold: supporting terms need company.
 * Its reported score is {@code 1 - 2^(-raw/threshold)}, against the threshold the paper needed.
 * <p>
 * Immutable and thread-safe; per-thread scratch buffers keep tagging nearly allocation-free.
 */
public final class ThemeTagger {

    private static final int TITLE = 0;
    private static final int SUMMARY = 1;
    private static final int ROOT = 0;
    /** Word id of the lone {@code *} wildcard; real words get ids from 1. */
    private static final int ANY_WORD = 0;
    private static final double SCORE_PRECISION = 1000.0;
    private static final double EPSILON = 1e-9;
    /** {@link #termTheme} of a contribution cue, which belongs to no theme. */
    private static final int NO_THEME = -1;

    private final Taxonomy taxonomy;
    private final CharTrie lowerCaseWords = new CharTrie();
    private final CharTrie caseSensitiveWords = new CharTrie();
    private final PhraseTrie phrases = new PhraseTrie();

    private final int[] termTheme;
    private final double[] termWeight;
    private final Role[] termRole;
    private final String[] termText;
    private final double decisiveWeight;
    private final ThreadLocal<Scratch> scratch;

    public ThemeTagger(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        List<CompiledTerm> compiled = new ArrayList<>();
        Map<TermSyntax.Word, Integer> wordIds = new HashMap<>();
        for (Theme theme : taxonomy.themes()) {
            theme.terms().forEach((term, weight) -> compiled.add(
                    new CompiledTerm(theme, term, weight, Role.EVIDENCE)));
            theme.context().forEach((term, weight) -> compiled.add(
                    new CompiledTerm(theme, term, weight, Role.CONTEXT)));
            theme.exclusions().forEach(term -> compiled.add(new CompiledTerm(theme, term, 0, Role.EXCLUSION)));
        }
        taxonomy.scoring().reading().contributionCues().forEach(
                cue -> compiled.add(new CompiledTerm(null, cue, 0, Role.CUE)));
        int terms = compiled.size();
        termTheme = new int[terms];
        termRole = new Role[terms];
        termWeight = new double[terms];
        termText = new String[terms];
        for (int t = 0; t < terms; t++) {
            CompiledTerm term = compiled.get(t);
            addTerm(term.text(), t, wordIds);
            termTheme[t] = term.theme() == null ? NO_THEME : term.theme().position();
            termRole[t] = term.role();
            termWeight[t] = term.weight();
            termText[t] = term.text();
        }
        decisiveWeight = taxonomy.scoring().decisiveWeight() - EPSILON;
        int themes = taxonomy.themes().size();
        scratch = ThreadLocal.withInitial(() -> new Scratch(terms, themes));
    }

    /** What a term does for its theme. */
    private enum Role { EVIDENCE, CONTEXT, EXCLUSION, CUE }

    private record CompiledTerm(Theme theme, String text, double weight, Role role) {
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** The themes of a paper, strongest first; empty when it is about none of them. */
    public List<ThemeMatch> tag(String title, String summary) {
        Scratch s = scratch.get();
        s.reset();
        scan(title, TITLE, s);
        scan(summary, SUMMARY, s);
        return score(s);
    }

    // ---- compilation

    private void addTerm(String term, int termId, Map<TermSyntax.Word, Integer> wordIds) {
        for (List<TermSyntax.Word> words : TermSyntax.variants(term)) {
            int[] wordSequence = new int[words.size()];
            for (int i = 0; i < words.size(); i++) {
                TermSyntax.Word word = words.get(i);
                wordSequence[i] = word.kind() == TermSyntax.Kind.ANY ? ANY_WORD : wordId(word, wordIds);
            }
            phrases.add(wordSequence, termId);
        }
    }

    private int wordId(TermSyntax.Word word, Map<TermSyntax.Word, Integer> wordIds) {
        Integer known = wordIds.get(word);
        if (known != null) {
            return known;
        }
        int id = wordIds.size() + 1;
        wordIds.put(word, id);
        switch (word.kind()) {
            case PREFIX -> lowerCaseWords.addPrefix(word.text(), id);
            case CASE_SENSITIVE -> {
                caseSensitiveWords.addWord(word.text(), id);
                caseSensitiveWords.addWord(word.text() + "s", id);
            }
            case EXACT_OR_PLURAL -> {
                for (String form : forms(word.text())) {
                    lowerCaseWords.addWord(form, id);
                }
            }
            default -> lowerCaseWords.addWord(word.text(), id);
        }
        return id;
    }

    /** A lower-case word and its regular plural. */
    static List<String> forms(String word) {
        List<String> forms = new ArrayList<>(3);
        forms.add(word);
        int n = word.length();
        char last = word.charAt(n - 1);
        if (!Character.isLetter(last)) {
            return forms;
        }
        if (last == 's' || last == 'x' || last == 'z' || word.endsWith("ch") || word.endsWith("sh")) {
            forms.add(word + "es");
        } else if (last == 'y' && n > 1 && "aeiou".indexOf(word.charAt(n - 2)) < 0) {
            forms.add(word.substring(0, n - 1) + "ies");
        } else {
            forms.add(word + "s");
        }
        return forms;
    }

    private static int[] append(int[] array, int value) {
        if (array == null) {
            return new int[] {value};
        }
        int[] longer = Arrays.copyOf(array, array.length + 1);
        longer[array.length] = value;
        return longer;
    }

    // ---- matching

    private void scan(String text, int field, Scratch s) {
        if (text == null) {
            return;
        }
        s.activeCount = 0;
        int n = text.length();
        int token = 0;
        boolean broken = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                broken |= isPhraseBreak(c);
                if (field == SUMMARY && isSentenceEnd(text, i) && token > s.sentenceStartToken) {
                    s.sentence++;
                    s.sentenceStartToken = token;
                }
                i++;
                continue;
            }
            int start = i;
            boolean hasUpperCase = false;
            while (i < n && Character.isLetterOrDigit(text.charAt(i))
                    && !TermSyntax.isCamelCaseBoundary(text, i, start)) {
                hasUpperCase |= Character.isUpperCase(text.charAt(i));
                i++;
            }
            if (broken) {
                s.activeCount = 0;
                broken = false;
            }
            int ids = wordIdsOf(text, start, i, hasUpperCase, s);
            advance(s, ids, token, field);
            token++;
        }
        if (field == SUMMARY) {
            s.summaryWords = token;
            s.sentences = token > s.sentenceStartToken ? s.sentence + 1 : s.sentence;
        }
    }

    /** A full stop, question or exclamation mark followed by a space or the end: not "3.5", not "e.g.x". */
    private static boolean isSentenceEnd(String text, int i) {
        char c = text.charAt(i);
        return (c == '.' || c == '!' || c == '?') && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
    }

    private static boolean isPhraseBreak(char c) {
        return switch (c) {
            case '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '{', '}', '"', '\u201C', '\u201D' -> true;
            default -> false;
        };
    }

    /** Puts the word ids of {@code text[start, end)} into {@code s.ids}; returns how many. */
    private int wordIdsOf(String text, int start, int end, boolean hasUpperCase, Scratch s) {
        int count = 0;
        int node = ROOT;
        for (int k = start; k < end && node != LongIntMap.MISSING; k++) {
            node = lowerCaseWords.child(node, Character.toLowerCase(text.charAt(k)));
            if (node != LongIntMap.MISSING && lowerCaseWords.prefixId(node) > 0) {
                count = s.addId(count, lowerCaseWords.prefixId(node));
            }
        }
        if (node != LongIntMap.MISSING) {
            for (int id : lowerCaseWords.wordIds(node)) {
                count = s.addId(count, id);
            }
        }
        if (hasUpperCase) {
            node = ROOT;
            for (int k = start; k < end && node != LongIntMap.MISSING; k++) {
                node = caseSensitiveWords.child(node, text.charAt(k));
            }
            if (node != LongIntMap.MISSING) {
                for (int id : caseSensitiveWords.wordIds(node)) {
                    count = s.addId(count, id);
                }
            }
        }
        return count;
    }

    /** Moves every phrase in progress, and a new one from the root, over the current token. */
    private void advance(Scratch s, int ids, int token, int field) {
        s.nextCount = 0;
        for (int a = -1; a < s.activeCount; a++) {
            int state = a < 0 ? ROOT : s.active[a];
            int start = a < 0 ? token : s.activeStart[a];
            for (int k = 0; k < ids; k++) {
                int child = phrases.child(state, s.ids[k]);
                if (child != LongIntMap.MISSING) {
                    s.pushNext(child, start);
                }
            }
            if (a >= 0) {
                int child = phrases.child(state, ANY_WORD);
                if (child != LongIntMap.MISSING) {
                    s.pushNext(child, start);
                }
            }
        }
        s.swap();
        for (int a = 0; a < s.activeCount; a++) {
            for (int term : phrases.terms(s.active[a])) {
                s.addMatch(term, field, s.activeStart[a], token + 1, field == SUMMARY ? s.sentence : -1);
            }
        }
    }

    // ---- scoring

    /**
     * Each theme's weighted evidence in a paper, by {@link Theme#position()}, before any threshold (NaN for a
     * theme none of whose own terms matched), divided by {@code supportOnlyFactor} when no decisive term of the
     * theme fired, so that evidence ≥ threshold is the tagger's own decision: what tuning and checking tools weigh
     * decision rules on.
     */
    double[] evidence(String title, String summary) {
        return evidence(title, summary, null);
    }

    /** As {@link #evidence(String, String)}; also sets {@code decisive[t]} when a decisive term of theme t fired. */
    double[] evidence(String title, String summary, boolean[] decisive) {
        Scratch s = scratch.get();
        s.reset();
        scan(title, TITLE, s);
        scan(summary, SUMMARY, s);
        int themes = taxonomy.themes().size();
        double[] evidence = new double[themes];
        Arrays.fill(evidence, Double.NaN);
        if (accumulate(s)) {
            for (int t = 0; t < themes; t++) {
                if (s.themeHasEvidence[t]) {
                    evidence[t] = s.themeRaw[t] / supportFactor(s, t);
                }
                if (decisive != null) {
                    decisive[t] = s.themeHasDecisive[t];
                }
            }
        }
        return evidence;
    }

    private List<ThemeMatch> score(Scratch s) {
        if (!accumulate(s)) {
            return List.of();
        }
        List<ThemeMatch> matches = new ArrayList<>();
        for (Theme theme : taxonomy.themes()) {
            int t = theme.position();
            double raw = s.themeRaw[t];
            double threshold = theme.threshold() * supportFactor(s, t);
            if (s.themeHasEvidence[t] && raw + EPSILON >= threshold) {
                matches.add(new ThemeMatch(theme.slug(), theme.label(), score(raw, threshold), matchedTerms(s, t)));
            }
        }
        matches.sort(Comparator.comparingDouble(ThemeMatch::score).reversed());
        return matches;
    }

    /** How many times its threshold theme {@code t} needs: more when none of its decisive terms fired. */
    private double supportFactor(Scratch s, int t) {
        return s.themeHasDecisive[t] ? 1.0 : taxonomy.scoring().supportOnlyFactor();
    }

    /** Adds up each theme's evidence in {@code s.themeRaw}; false when no term matched at all. */
    private boolean accumulate(Scratch s) {
        Taxonomy.Scoring scoring = taxonomy.scoring();
        weighSentences(s, scoring.reading());
        for (int m = 0; m < s.matchCount; m++) {
            int term = s.matchTerm[m];
            if (termRole[term] == Role.EXCLUSION || termRole[term] == Role.CUE || isCancelled(s, m)) {
                continue;
            }
            if (!s.titleHit[term] && s.summaryHits[term] == 0) {
                s.touchedTerms[s.touchedCount++] = term;
                s.bestSentenceWeight[term] = 0;
            }
            if (s.matchField[m] == TITLE) {
                s.titleHit[term] = true;
            } else {
                s.summaryHits[term]++;
                s.bestSentenceWeight[term] = Math.max(s.bestSentenceWeight[term], s.sentenceWeight[s.matchSentence[m]]);
            }
        }
        if (s.touchedCount == 0) {
            return false;
        }
        double lengthFactor = lengthFactor(s.summaryWords, scoring.reading());
        for (int i = 0; i < s.touchedCount; i++) {
            int term = s.touchedTerms[i];
            int hits = Math.min(s.summaryHits[term], scoring.maxRepeats());
            // a contribution sentence counts fully however long the text; passing mentions fade with its length
            double sentence = s.bestSentenceWeight[term] >= 1.0 ? 1.0 : s.bestSentenceWeight[term] * lengthFactor;
            double inSummary = hits > 0 ? sentence * (1 + scoring.repeatBonus() * (hits - 1)) : 0;
            double evidence = (s.titleHit[term] ? scoring.titleWeight() : 0) + inSummary;
            s.termScore[term] = termWeight[term] * evidence;
            if (scoring.contextCountsOnce() && termRole[term] == Role.CONTEXT) {
                // only the strongest context term of a theme adds: the others replace it when stronger
                int theme = termTheme[term];
                if (s.termScore[term] > s.themeContext[theme]) {
                    s.themeRaw[theme] += s.termScore[term] - s.themeContext[theme];
                    s.themeContext[theme] = s.termScore[term];
                }
            } else {
                s.themeRaw[termTheme[term]] += s.termScore[term];
            }
            s.themeHasEvidence[termTheme[term]] |= termRole[term] == Role.EVIDENCE;
            s.themeHasDecisive[termTheme[term]] |= termRole[term] == Role.EVIDENCE && termWeight[term] >= decisiveWeight;
        }
        return true;
    }

    /**
     * Gives each summary sentence its weight: 1 for a contribution sentence (one with a cue, or the first sentence
     * when none has one), {@code backgroundWeight} before the first contribution sentence, {@code detailWeight}
     * after it.
     */
    private void weighSentences(Scratch s, Taxonomy.Reading reading) {
        s.ensureSentences(s.sentences);
        Arrays.fill(s.cueSentence, 0, s.sentences, false);
        int firstCue = Integer.MAX_VALUE;
        for (int m = 0; m < s.matchCount; m++) {
            if (termRole[s.matchTerm[m]] == Role.CUE && s.matchField[m] == SUMMARY) {
                s.cueSentence[s.matchSentence[m]] = true;
                firstCue = Math.min(firstCue, s.matchSentence[m]);
            }
        }
        int lead = firstCue == Integer.MAX_VALUE ? 0 : firstCue;
        for (int k = 0; k < s.sentences; k++) {
            s.sentenceWeight[k] = k == lead || s.cueSentence[k] ? 1.0
                    : k < lead ? reading.backgroundWeight() : reading.detailWeight();
        }
    }

    /** Scales a long summary's evidence to that of a {@code referenceWords}-word one. */
    static double lengthFactor(int words, Taxonomy.Reading reading) {
        if (words <= reading.referenceWords() || reading.lengthExponent() == 0) {
            return 1.0;
        }
        return Math.pow((double) reading.referenceWords() / words, reading.lengthExponent());
    }

    /** True when an exclusion or a longer term of the same theme covers match {@code m}. */
    private boolean isCancelled(Scratch s, int m) {
        int theme = termTheme[s.matchTerm[m]];
        int start = s.matchStart[m];
        int end = s.matchEnd[m];
        for (int o = 0; o < s.matchCount; o++) {
            if (o == m || s.matchField[o] != s.matchField[m] || termTheme[s.matchTerm[o]] != theme
                    || s.matchStart[o] > start || s.matchEnd[o] < end) {
                continue;
            }
            int length = s.matchEnd[o] - s.matchStart[o];
            boolean longer = length > end - start;
            // two terms of a theme on the very same words (merg* and merging) count once
            boolean sameWordsEarlierTerm = length == end - start && s.matchTerm[o] < s.matchTerm[m];
            if (termRole[s.matchTerm[o]] == Role.EXCLUSION || longer || sameWordsEarlierTerm) {
                return true;
            }
        }
        return false;
    }

    private List<String> matchedTerms(Scratch s, int theme) {
        List<Integer> terms = new ArrayList<>();
        for (int i = 0; i < s.touchedCount; i++) {
            if (termTheme[s.touchedTerms[i]] == theme) {
                terms.add(s.touchedTerms[i]);
            }
        }
        terms.sort(Comparator.<Integer>comparingDouble(t -> -s.termScore[t]).thenComparingInt(t -> t));
        return terms.stream().map(t -> termText[t]).toList();
    }

    private static double score(double raw, double threshold) {
        double score = 1 - Math.pow(2, -raw / threshold);
        return Math.round(score * SCORE_PRECISION) / SCORE_PRECISION;
    }

    /** A trie over word ids; a node can end several terms (the same phrase in two themes). */
    private static final class PhraseTrie {

        private static final int[] NO_TERMS = new int[0];

        private final LongIntMap children = new LongIntMap(4096);
        private int[][] terms = new int[256][];
        private int nodes = 1;

        void add(int[] wordIds, int termId) {
            int node = ROOT;
            for (int wordId : wordIds) {
                long key = key(node, wordId);
                int child = children.get(key);
                if (child == LongIntMap.MISSING) {
                    child = nodes++;
                    children.put(key, child);
                }
                node = child;
            }
            if (terms.length <= node) {
                terms = Arrays.copyOf(terms, Math.max(node + 1, terms.length * 2));
            }
            terms[node] = append(terms[node], termId);
        }

        int child(int node, int wordId) {
            return children.get(key(node, wordId));
        }

        int[] terms(int node) {
            int[] ended = node < terms.length ? terms[node] : null;
            return ended == null ? NO_TERMS : ended;
        }

        private static long key(int node, int wordId) {
            return ((long) node << 32) | wordId;
        }
    }

    /** A trie over characters; a node can end whole words (several ids) and a prefix pattern (one id). */
    private static final class CharTrie {

        private static final int[] NO_IDS = new int[0];

        private final LongIntMap children = new LongIntMap(1024);
        private int[][] wordIds = new int[256][];
        private int[] prefixIds = new int[256];
        private int nodes = 1;

        void addWord(String word, int id) {
            int node = path(word);
            int[] ids = wordIds[node];
            if (ids == null || Arrays.stream(ids).noneMatch(existing -> existing == id)) {
                wordIds[node] = append(ids, id);
            }
        }

        void addPrefix(String prefix, int id) {
            // path() may grow prefixIds: take the array after it ran (prefixIds[path(..)] would index the old one)
            int node = path(prefix);
            prefixIds[node] = id;
        }

        int child(int node, char c) {
            return children.get(((long) node << 16) | c);
        }

        int[] wordIds(int node) {
            int[] ids = wordIds[node];
            return ids == null ? NO_IDS : ids;
        }

        int prefixId(int node) {
            return prefixIds[node];
        }

        private int path(String text) {
            int node = ROOT;
            for (int i = 0; i < text.length(); i++) {
                long key = ((long) node << 16) | text.charAt(i);
                int child = children.get(key);
                if (child == LongIntMap.MISSING) {
                    child = nodes++;
                    children.put(key, child);
                    if (nodes > prefixIds.length) {
                        prefixIds = Arrays.copyOf(prefixIds, nodes * 2);
                        wordIds = Arrays.copyOf(wordIds, nodes * 2);
                    }
                }
                node = child;
            }
            return node;
        }
    }

    /** Per-thread working memory of {@link #tag}, reused across papers. */
    private static final class Scratch {

        int[] ids = new int[8];
        int[] active = new int[32];
        int[] activeStart = new int[32];
        int activeCount;
        int[] next = new int[32];
        int[] nextStart = new int[32];
        int nextCount;

        int[] matchTerm = new int[64];
        int[] matchField = new int[64];
        int[] matchStart = new int[64];
        int[] matchEnd = new int[64];
        int[] matchSentence = new int[64];
        int matchCount;

        int sentence;
        int sentenceStartToken;
        int sentences;
        int summaryWords;
        boolean[] cueSentence = new boolean[16];
        double[] sentenceWeight = new double[16];

        final boolean[] titleHit;
        final int[] summaryHits;
        final double[] termScore;
        final double[] bestSentenceWeight;
        final int[] touchedTerms;
        int touchedCount;
        final double[] themeRaw;
        /** The strongest context term's score per theme so far (with {@code contextCountsOnce}). */
        final double[] themeContext;
        final boolean[] themeHasEvidence;
        final boolean[] themeHasDecisive;

        Scratch(int terms, int themes) {
            titleHit = new boolean[terms];
            summaryHits = new int[terms];
            termScore = new double[terms];
            bestSentenceWeight = new double[terms];
            touchedTerms = new int[terms];
            themeRaw = new double[themes];
            themeContext = new double[themes];
            themeHasEvidence = new boolean[themes];
            themeHasDecisive = new boolean[themes];
        }

        void reset() {
            for (int i = 0; i < touchedCount; i++) {
                titleHit[touchedTerms[i]] = false;
                summaryHits[touchedTerms[i]] = 0;
            }
            touchedCount = 0;
            matchCount = 0;
            activeCount = 0;
            sentence = 0;
            sentenceStartToken = 0;
            sentences = 0;
            summaryWords = 0;
            Arrays.fill(themeRaw, 0);
            Arrays.fill(themeContext, 0);
            Arrays.fill(themeHasEvidence, false);
            Arrays.fill(themeHasDecisive, false);
        }

        int addId(int count, int id) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
            }
            ids[count] = id;
            return count + 1;
        }

        void pushNext(int state, int start) {
            for (int i = 0; i < nextCount; i++) {
                if (next[i] == state && nextStart[i] == start) {
                    return;
                }
            }
            if (nextCount == next.length) {
                next = Arrays.copyOf(next, nextCount * 2);
                nextStart = Arrays.copyOf(nextStart, nextCount * 2);
            }
            next[nextCount] = state;
            nextStart[nextCount] = start;
            nextCount++;
        }

        void swap() {
            int[] states = active;
            int[] starts = activeStart;
            active = next;
            activeStart = nextStart;
            next = states;
            nextStart = starts;
            activeCount = nextCount;
        }

        void ensureSentences(int count) {
            if (count > cueSentence.length) {
                cueSentence = new boolean[count * 2];
                sentenceWeight = new double[count * 2];
            }
        }

        void addMatch(int term, int field, int start, int end, int sentenceIndex) {
            if (matchCount == matchTerm.length) {
                int size = matchCount * 2;
                matchTerm = Arrays.copyOf(matchTerm, size);
                matchField = Arrays.copyOf(matchField, size);
                matchStart = Arrays.copyOf(matchStart, size);
                matchEnd = Arrays.copyOf(matchEnd, size);
                matchSentence = Arrays.copyOf(matchSentence, size);
            }
            matchSentence[matchCount] = sentenceIndex;
            matchTerm[matchCount] = term;
            matchField[matchCount] = field;
            matchStart[matchCount] = start;
            matchEnd[matchCount] = end;
            matchCount++;
        }
    }
}
