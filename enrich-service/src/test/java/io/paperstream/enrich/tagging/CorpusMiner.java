package io.paperstream.enrich.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Lists, per theme, the words and two-word phrases of the real corpora ({@code shared/data}: the 5k digest
 * summaries and the 100k abstracts) that co-occur with the theme's core terms: candidates for the taxonomy, to
 * be reviewed by hand (see {@code TAXONOMY-CHANGES.md}). A paper is "of the theme" when the current tagger gives
 * it the theme with a core term (weight 2 or more) in its title. A candidate is listed when at least
 * {@code miner.minPapers} papers contain it and at least {@code miner.minShare} of them are of the theme; the
 * list is ordered by how many papers of the theme contain it. Run from the repository root:
 *
 * <pre>./mvnw -q -pl enrich-service -am test-compile exec:java -Dexec.mainClass=io.paperstream.enrich.tagging.CorpusMiner</pre>
 *
 * Options: {@code -Dminer.data=<dir>}, {@code -Dminer.top=30}, {@code -Dminer.minPapers=8},
 * {@code -Dminer.minShare=0.5}, {@code -Dminer.papers=<how many abstracts>}.
 */
public final class CorpusMiner {

    private static final List<Path> DATA_DIRS = List.of(Path.of("..", "shared", "data"),
            Path.of("..", "..", "shared", "data"));
    private static final double CORE_WEIGHT = 2.0;
    /** Function words that make no theme phrase on their own. */
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "and", "or", "in", "on", "for", "to",
            "with", "by", "from", "as", "at", "is", "are", "be", "we", "our", "this", "that", "these", "its", "it",
            "their", "via", "into", "can", "which", "while", "than", "such", "both", "has", "have", "not", "new",
            "using", "based", "show", "shows", "results", "paper", "propose", "proposed", "approach", "method",
            "methods", "model", "models", "also", "more", "data", "large", "language", "learning", "through",
            "across", "over", "how", "when", "without", "between", "each", "they", "but", "been", "was", "were");

    private CorpusMiner() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = System.getProperty("miner.data") != null ? Path.of(System.getProperty("miner.data"))
                : DATA_DIRS.stream().filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no shared data at " + DATA_DIRS));
        int top = Integer.getInteger("miner.top", 30);
        int minPapers = Integer.getInteger("miner.minPapers", 8);
        double minShare = Double.parseDouble(System.getProperty("miner.minShare", "0.5"));
        int abstracts = Integer.getInteger("miner.papers", 100_000);
        Taxonomy taxonomy = TaxonomyLoader.loadDefault();
        ThemeTagger tagger = new ThemeTagger(taxonomy);
        Map<String, Set<String>> coreTerms = new HashMap<>();
        for (Theme theme : taxonomy.themes()) {
            Set<String> core = new HashSet<>();
            theme.terms().forEach((term, weight) -> {
                if (weight >= CORE_WEIGHT) {
                    core.add(term);
                }
            });
            coreTerms.put(theme.slug(), core);
        }

        Map<String, Integer> papersWith = new HashMap<>();
        Map<String, Map<String, Integer>> themePapersWith = new HashMap<>();
        Map<String, Integer> themePapers = new HashMap<>();
        int[] papers = {0};
        PaperSink sink = (title, text) -> {
            papers[0]++;
            Set<String> themes = new HashSet<>();
            for (ThemeMatch match : tagger.tag(title, "")) {
                if (match.matched().stream().anyMatch(coreTerms.get(match.slug())::contains)) {
                    themes.add(match.slug());
                }
            }
            Set<String> candidates = candidates(title + " . " + text);
            candidates.forEach(c -> papersWith.merge(c, 1, Integer::sum));
            for (String slug : themes) {
                themePapers.merge(slug, 1, Integer::sum);
                Map<String, Integer> counts = themePapersWith.computeIfAbsent(slug, s -> new HashMap<>());
                candidates.forEach(c -> counts.merge(c, 1, Integer::sum));
            }
        };
        read(Files.newInputStream(dir.resolve("arxiv-digest-5k.txt")), Integer.MAX_VALUE, sink);
        read(new GZIPInputStream(Files.newInputStream(dir.resolve("arxiv-abstracts-100k.txt.gz"))), abstracts, sink);

        System.out.printf("Corpus miner: %,d papers from %s; per theme: papers with a core term in the title,"
                + " then candidates as 'term theme-papers/papers'%n", papers[0], dir);
        for (Theme theme : taxonomy.themes()) {
            Map<String, Integer> counts = themePapersWith.getOrDefault(theme.slug(), Map.of());
            List<Map.Entry<String, Integer>> ranked = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                int all = papersWith.get(e.getKey());
                if (all >= minPapers && (double) e.getValue() / all >= minShare && !known(theme, e.getKey())) {
                    ranked.add(e);
                }
            }
            ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            StringBuilder line = new StringBuilder();
            ranked.stream().limit(top).forEach(e -> line.append(e.getKey()).append(' ').append(e.getValue())
                    .append('/').append(papersWith.get(e.getKey())).append("; "));
            System.out.printf("%n%s (%d papers): %s%n", theme.slug(), themePapers.getOrDefault(theme.slug(), 0),
                    line);
        }
    }

    private interface PaperSink {
        void accept(String title, String text);
    }

    private static boolean known(Theme theme, String candidate) {
        return theme.terms().keySet().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(candidate));
    }

    /** Distinct lower-case words and two-word phrases (no function word) of a text. */
    static Set<String> candidates(String text) {
        Set<String> candidates = new HashSet<>();
        String previous = null;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")) {
            if (word.length() < 3 || STOP.contains(word) || word.chars().allMatch(Character::isDigit)) {
                previous = null;
                continue;
            }
            candidates.add(word);
            if (previous != null) {
                candidates.add(previous + " " + word);
            }
            previous = word;
        }
        return candidates;
    }

    private static void read(InputStream in, int limit, PaperSink sink) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String title;
            int read = 0;
            while (read < limit && (title = reader.readLine()) != null) {
                String text = reader.readLine();
                if (text == null) {
                    break;
                }
                sink.accept(title, text);
                read++;
            }
        }
    }
}
