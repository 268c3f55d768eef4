package io.paperstream.enrich.tagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Micro-averaged precision and recall of a tagger against hand labels, with the errors to look at. */
record TaggingQuality(int papers, int truePositives, int falsePositives, int falseNegatives,
        Map<String, int[]> perTheme, List<String> errors) {

    static TaggingQuality measure(ThemeTagger tagger, List<LabelledPapers.LabelledPaper> papers) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        Map<String, int[]> perTheme = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (LabelledPapers.LabelledPaper paper : papers) {
            List<ThemeMatch> matches = tagger.tag(paper.title(), paper.summary());
            Set<String> predicted = new TreeSet<>();
            matches.forEach(m -> predicted.add(m.slug()));
            for (String slug : predicted) {
                int[] counts = perTheme.computeIfAbsent(slug, s -> new int[3]);
                if (paper.themes().contains(slug)) {
                    tp++;
                    counts[0]++;
                } else {
                    fp++;
                    counts[1]++;
                    errors.add("FP " + slug + " " + evidence(matches, slug) + " | " + paper.title());
                }
            }
            for (String slug : paper.themes()) {
                if (!predicted.contains(slug)) {
                    fn++;
                    perTheme.computeIfAbsent(slug, s -> new int[3])[2]++;
                    errors.add("FN " + slug + " | " + paper.title());
                }
            }
        }
        return new TaggingQuality(papers.size(), tp, fp, fn, perTheme, errors);
    }

    double precision() {
        return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
    }

    double recall() {
        return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
    }

    String summary() {
        return String.format("%d papers, %d true labels: precision %.3f, recall %.3f (TP %d, FP %d, FN %d)",
                papers, truePositives + falseNegatives, precision(), recall(), truePositives, falsePositives,
                falseNegatives);
    }

    private static String evidence(List<ThemeMatch> matches, String slug) {
        return matches.stream().filter(m -> m.slug().equals(slug)).findFirst()
                .map(m -> m.score() + " " + m.matched()).orElse("");
    }
}
