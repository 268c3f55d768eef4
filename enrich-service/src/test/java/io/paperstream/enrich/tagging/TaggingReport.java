package io.paperstream.enrich.tagging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tagging quality on the hand-labelled development papers ({@link DevSet}): micro and per-theme precision, recall
 * and F1, for the one-paragraph summaries and for the full abstracts, with the themes most often mixed up. Run
 * from the repository root ({@code bin/paperstream tagging-report} does the same):
 *
 * <pre>./mvnw -q -pl enrich-service -am test-compile exec:java -Dexec.mainClass=io.paperstream.enrich.tagging.TaggingReport</pre>
 *
 * Options (system properties): {@code -Dtagging.dev=<gold-dev.jsonl>}, {@code -Dtagging.taxonomy=<yaml>} (the
 * default taxonomy otherwise), {@code -Dtagging.errors=true} (list every wrong or missed tag with its evidence).
 * The "even/odd half" lines split the papers by position, to see how much a figure moves between two halves.
 */
public final class TaggingReport {

    private TaggingReport() {
    }

    /** What one text of each paper gave, theme by theme. */
    record Quality(int papers, Map<String, int[]> perTheme, Map<String, Map<String, Integer>> missedFor,
            Map<String, Map<String, Integer>> wronglyFor, List<String> errors) {

        static final int TP = 0;
        static final int FP = 1;
        static final int FN = 2;

        int count(int kind) {
            return perTheme.values().stream().mapToInt(c -> c[kind]).sum();
        }

        double precision() {
            return ratio(count(TP), count(TP) + count(FP));
        }

        double recall() {
            return ratio(count(TP), count(TP) + count(FN));
        }

        double f1() {
            return f1(precision(), recall());
        }

        static double ratio(int part, int whole) {
            return whole == 0 ? 1.0 : (double) part / whole;
        }

        static double f1(double precision, double recall) {
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    static Quality measure(ThemeTagger tagger, List<DevSet.Paper> papers, Function<DevSet.Paper, String> text) {
        Map<String, int[]> perTheme = new TreeMap<>();
        Map<String, Map<String, Integer>> missedFor = new TreeMap<>();
        Map<String, Map<String, Integer>> wronglyFor = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (DevSet.Paper paper : papers) {
            List<ThemeMatch> matches = tagger.tag(paper.title(), text.apply(paper));
            Set<String> predicted = matches.stream().map(ThemeMatch::slug).collect(Collectors.toCollection(TreeSet::new));
            for (ThemeMatch match : matches) {
                int[] counts = perTheme.computeIfAbsent(match.slug(), s -> new int[3]);
                if (paper.gold().contains(match.slug())) {
                    counts[Quality.TP]++;
                } else {
                    counts[Quality.FP]++;
                    Map<String, Integer> instead = wronglyFor.computeIfAbsent(match.slug(), s -> new TreeMap<>());
                    paper.gold().forEach(g -> instead.merge(g, 1, Integer::sum));
                    if (paper.gold().isEmpty()) {
                        instead.merge("(none)", 1, Integer::sum);
                    }
                    errors.add("FP " + match.slug() + " " + match.score() + " " + match.matched() + " | "
                            + paper.id() + " " + paper.title() + " | gold " + paper.gold());
                }
            }
            for (String slug : paper.gold()) {
                if (!predicted.contains(slug)) {
                    perTheme.computeIfAbsent(slug, s -> new int[3])[Quality.FN]++;
                    Map<String, Integer> instead = missedFor.computeIfAbsent(slug, s -> new TreeMap<>());
                    predicted.stream().filter(p -> !paper.gold().contains(p))
                            .forEach(p -> instead.merge(p, 1, Integer::sum));
                    errors.add("FN " + slug + " | " + paper.id() + " " + paper.title() + " | tagged " + predicted);
                }
            }
        }
        return new Quality(papers.size(), perTheme, missedFor, wronglyFor, errors);
    }

    public static void main(String[] args) {
        Path file = DevSet.locate().orElseThrow(() -> new IllegalStateException(
                "no hand-labelled papers found at " + DevSet.whereLooked()));
        String taxonomyFile = System.getProperty("tagging.taxonomy");
        Taxonomy taxonomy = taxonomyFile == null ? TaxonomyLoader.loadDefault() : TaxonomyLoader.load(Path.of(taxonomyFile));
        ThemeTagger tagger = new ThemeTagger(taxonomy);
        List<DevSet.Paper> papers = DevSet.load(file);
        boolean showErrors = Boolean.getBoolean("tagging.errors");
        System.out.printf("Tagging report: %d hand-labelled papers from %s, taxonomy %s%n", papers.size(), file,
                taxonomy.version());
        Map<String, Function<DevSet.Paper, String>> texts = new java.util.LinkedHashMap<>();
        texts.put("summaries", DevSet.Paper::summary);
        texts.put("abstracts", DevSet.Paper::abstractText);
        List<String> summaryLines = new ArrayList<>();
        for (var text : texts.entrySet()) {
            Quality all = measure(tagger, papers, text.getValue());
            Quality even = measure(tagger, half(papers, 0), text.getValue());
            Quality odd = measure(tagger, half(papers, 1), text.getValue());
            System.out.printf("%n== %s: micro precision %.3f  recall %.3f  F1 %.3f  (TP %d, FP %d, FN %d)%n",
                    text.getKey(), all.precision(), all.recall(), all.f1(), all.count(Quality.TP),
                    all.count(Quality.FP), all.count(Quality.FN));
            System.out.printf("   even half F1 %.3f (P %.3f R %.3f), odd half F1 %.3f (P %.3f R %.3f)%n", even.f1(),
                    even.precision(), even.recall(), odd.f1(), odd.precision(), odd.recall());
            summaryLines.add(String.format("%-9s P %.3f R %.3f F1 %.3f | even F1 %.3f | odd F1 %.3f", text.getKey(),
                    all.precision(), all.recall(), all.f1(), even.f1(), odd.f1()));
            printTable(taxonomy, all);
            printConfusion(all);
            if (showErrors) {
                all.errors().stream().sorted().forEach(e -> System.out.println("   " + e));
            }
        }
        System.out.println();
        summaryLines.forEach(System.out::println);
    }

    private static List<DevSet.Paper> half(List<DevSet.Paper> papers, int parity) {
        List<DevSet.Paper> half = new ArrayList<>();
        for (int i = parity; i < papers.size(); i += 2) {
            half.add(papers.get(i));
        }
        return half;
    }

    private static void printTable(Taxonomy taxonomy, Quality quality) {
        System.out.printf("%-26s %5s %4s %4s %4s %6s %6s %6s%n", "theme", "gold", "TP", "FP", "FN", "P", "R", "F1");
        for (Theme theme : taxonomy.themes()) {
            int[] c = quality.perTheme().getOrDefault(theme.slug(), new int[3]);
            int gold = c[Quality.TP] + c[Quality.FN];
            if (gold == 0 && c[Quality.FP] == 0) {
                continue;
            }
            double p = Quality.ratio(c[Quality.TP], c[Quality.TP] + c[Quality.FP]);
            double r = Quality.ratio(c[Quality.TP], gold);
            System.out.printf("%-26s %5d %4d %4d %4d %6.2f %6.2f %6.2f%n", theme.slug(), gold, c[Quality.TP],
                    c[Quality.FP], c[Quality.FN], p, r, Quality.f1(p, r));
        }
    }

    private static void printConfusion(Quality quality) {
        System.out.println("mixed up (missed: tagged instead; wrongly tagged: the paper's true themes):");
        Set<String> slugs = new TreeSet<>(quality.missedFor().keySet());
        slugs.addAll(quality.wronglyFor().keySet());
        for (String slug : slugs) {
            System.out.printf("  %-26s missed -> %s; wrongly tagged <- %s%n", slug,
                    top(quality.missedFor().get(slug)), top(quality.wronglyFor().get(slug)));
        }
    }

    private static String top(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) {
            return "-";
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
