package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TermSelectionTest {

    @Test
    void idfIsTheLogOfPapersOverDocumentFrequencyClampedToTheCatalog() {
        assertThat(TermSelection.idf(10, 1000)).isCloseTo(Math.log(100), within(1e-12));
        assertThat(TermSelection.idf(1000, 1000)).isZero();
        // counted before papers were removed, or never counted: finite, never negative
        assertThat(TermSelection.idf(5000, 1000)).isZero();
        assertThat(TermSelection.idf(0, 1000)).isCloseTo(Math.log(1000), within(1e-12));
        assertThat(TermSelection.idf(3, 0)).isZero();
    }

    @Test
    void aTermTheLastCountDidNotSeeWeighsAsHeldByOnePaper() {
        List<TermSelection.Term> weighted = TermSelection.weighted(List.of("seen", "new"), Arrays.asList(50L, null),
                100);
        assertThat(weighted).extracting(TermSelection.Term::docs).containsExactly(50L, 1L);
        assertThat(weighted.get(1).idf()).isCloseTo(Math.log(100), within(1e-12));
    }

    @Test
    void findersAreTheRarestWeightedTermsWithinTheBudgets() {
        List<TermSelection.Term> terms = TermSelection.weighted(List.of("common", "rare", "mid", "rarest", "every"),
                List.of(400L, 20L, 90L, 3L, 1000L), 1000);
        assertThat(names(TermSelection.queryTerms(terms, 10, 1_000_000)))
                .containsExactly("rarest", "rare", "mid", "common"); // "every" weighs 0
        assertThat(names(TermSelection.queryTerms(terms, 2, 1_000_000))).containsExactly("rarest", "rare");
        // postings: 3 + 20 = 23 fit in 100, + 90 would not
        assertThat(names(TermSelection.queryTerms(terms, 10, 100))).containsExactly("rarest", "rare");
        // the rarest is taken even when it alone passes the budget
        assertThat(names(TermSelection.queryTerms(terms, 10, 1))).containsExactly("rarest");
        // ties of frequency are broken by the term, so the choice is stable
        List<TermSelection.Term> tied = TermSelection.weighted(List.of("b", "a", "c"), List.of(5L, 5L, 5L), 100);
        assertThat(names(TermSelection.queryTerms(tied, 2, 100))).containsExactly("a", "b");
    }

    @Test
    void theTsqueryQuotesEachLexemeAsItIs() {
        List<TermSelection.Term> terms = TermSelection.weighted(List.of("plain", "it's", "a\\b", "x | y:*"),
                List.of(1L, 1L, 1L, 1L), 10);
        assertThat(TermSelection.anyOf(terms)).isEqualTo("'plain' | 'it''s' | 'a\\\\b' | 'x | y:*'");
    }

    @Test
    void hashWeightsAreSortedLikeTermHashesAndTermsSharingAHashWeighBoth() {
        List<TermSelection.Term> terms = TermSelection.weighted(List.of("a", "b", "c"), List.of(10L, 100L, 1L), 1000);
        // "a" and "c" collide: a candidate holding either hash gets both weights (never less than its exact score)
        TermSelection.HashWeights hashed = TermSelection.byHash(terms, Map.of("a", 7, "b", -3, "c", 7));
        assertThat(hashed.hashes()).containsExactly(-3, 7); // signed ascending, as intarray's sort()
        assertThat(hashed.weights()[0]).isCloseTo(Math.log(10), within(1e-12));
        assertThat(hashed.weights()[1]).isCloseTo(Math.log(100) + Math.log(1000), within(1e-12));
    }

    @Test
    void aCandidatesEstimateIsTheSumOfTheWeightsOfTheHashesItShares() {
        TermSelection.HashWeights paper = new TermSelection.HashWeights(new int[] {-3, 7, 12},
                new double[] {0.5, 2, 4});
        // as array_to_string(term_hashes & hashes, ',') lists them
        assertThat(paper.weightOf("7")).isEqualTo(2);
        assertThat(paper.weightOf("-3,7,12")).isEqualTo(6.5);
        assertThat(paper.weightOf("")).isZero();
        // a hash the paper does not hold weighs nothing
        assertThat(paper.weightOf("5,12")).isEqualTo(4);
    }

    @Test
    void bestCandidatesAreTheHeaviestMostFirstTiesById() {
        // weights in eighths (exact in binary), few of them: many ties, broken by id
        Random random = new Random(14);
        int[] hashes = random.ints(0, 1000).distinct().limit(40).sorted().toArray();
        double[] weights = new double[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            weights[i] = random.nextInt(4) / 8.0;
        }
        TermSelection.HashWeights paper = new TermSelection.HashWeights(hashes, weights);
        Map<String, Double> estimates = new HashMap<>();
        TermSelection.BestCandidates best = new TermSelection.BestCandidates(paper, 25);
        for (int candidate = 0; candidate < 500; candidate++) {
            String id = String.format("p%03d", random.nextInt(1000));
            if (estimates.containsKey(id)) {
                continue;
            }
            // a random subset of the paper's hashes
            int[] shared = Arrays.stream(hashes).filter(hash -> random.nextInt(8) == 0).toArray();
            double sum = 0;
            for (int hash : shared) {
                for (int i = 0; i < hashes.length; i++) {
                    sum += hashes[i] == hash ? weights[i] : 0;
                }
            }
            estimates.put(id, sum);
            best.add(id, Arrays.stream(shared).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        // the oracle: every candidate of positive weight sorted in full, heaviest first, then by id
        List<String> expected = estimates.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(25).map(Map.Entry::getKey).toList();
        assertThat(best.ids()).containsExactlyElementsOf(expected);
        // ties at the cut mattered: the 25th and 26th positive estimates are equal
        List<Double> positive = estimates.values().stream().filter(v -> v > 0)
                .sorted(Comparator.reverseOrder()).toList();
        assertThat(positive.get(24)).isEqualTo(positive.get(25));
    }

    @Test
    void aCandidateSharingNoWeightedHashIsNotRanked() {
        TermSelection.HashWeights paper = new TermSelection.HashWeights(new int[] {1, 2}, new double[] {0, 3});
        TermSelection.BestCandidates best = new TermSelection.BestCandidates(paper, 5);
        best.add("zero", "1");
        best.add("none", "");
        best.add("some", "1,2");
        assertThat(best.ids()).containsExactly("some");
    }

    private static List<String> names(List<TermSelection.Term> terms) {
        return terms.stream().map(TermSelection.Term::term).toList();
    }
}
