package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
    void pairedFindersAreTheNextRarestWithinTheirOwnBudgets() {
        List<TermSelection.Term> terms = TermSelection.weighted(
                List.of("common", "rare", "mid", "rarest", "every", "often", "uncommon"),
                List.of(400L, 20L, 90L, 3L, 1000L, 300L, 150L), 1000);
        // alone: 3 + 20 fit in 30; paired: 90 + 150 + 300 = 540 fit in 600, + 400 would not ("every" weighs 0)
        TermSelection.Finders finders = TermSelection.finders(terms, 10, 30, 10, 600);
        assertThat(names(finders.alone())).containsExactly("rarest", "rare");
        assertThat(names(finders.paired())).containsExactly("mid", "uncommon", "often");
        // at most pairedTerms of them
        assertThat(names(TermSelection.finders(terms, 10, 30, 2, 600).paired())).containsExactly("mid", "uncommon");
        // one term cannot pair: none
        assertThat(TermSelection.finders(terms, 10, 30, 10, 100).paired()).isEmpty();
        assertThat(TermSelection.finders(terms, 10, 30, 1, 600).paired()).isEmpty();
        // without pairs the finders are queryTerms' alone
        TermSelection.Finders alone = TermSelection.finders(terms, 10, 30, 0, 0);
        assertThat(names(alone.alone())).containsExactly("rarest", "rare");
        assertThat(alone.paired()).isEmpty();
        assertThat(alone.tsquery()).isEqualTo("'rarest' | 'rare'");
        // no term alone: pairs only
        TermSelection.Finders pairsOnly = TermSelection.finders(terms, 0, 0, 2, 1000);
        assertThat(pairsOnly.alone()).isEmpty();
        assertThat(pairsOnly.tsquery()).isEqualTo("'rarest' & 'rare'");
        assertThat(TermSelection.finders(terms, 0, 0, 0, 0).isEmpty()).isTrue();
        assertThat(TermSelection.finders(terms, 1, 0, 0, 0).isEmpty()).isFalse();
    }

    @Test
    void theRowsOfTheFindersAreTheAloneDfCutAtTheBudgetAndHalfThePairedDf() {
        List<TermSelection.Term> terms = TermSelection.weighted(List.of("rarest", "rare", "mid", "uncommon", "often"),
                List.of(3L, 20L, 90L, 150L, 300L), 1000);
        // alone 3 + 20; pairs of 90, 150, 300: each row found by a pair holds two of those 540 postings
        assertThat(TermSelection.finders(terms, 10, 30, 10, 600).rows(30)).isEqualTo(23 + 270);
        // a paper of common words: its rarest term (df 3) is taken past a budget of 1, which cuts its rows
        assertThat(TermSelection.finders(terms, 10, 1, 0, 0).rows(1)).isEqualTo(1);
    }

    @Test
    void atLeastTwoOfIsWrittenByHalvesSoEachTermOccursLogarithmicallyOften() {
        assertThat(TermSelection.atLeastTwoOf(terms("a"))).isEmpty();
        assertThat(TermSelection.atLeastTwoOf(terms("a", "b"))).isEqualTo("'a' & 'b'");
        // two of {a} (none), two of {b, c}, or a with one of {b, c}
        assertThat(TermSelection.atLeastTwoOf(terms("a", "b", "c"))).isEqualTo("'b' & 'c' | 'a' & ( 'b' | 'c' )");
        assertThat(TermSelection.atLeastTwoOf(terms("a", "b", "c", "d")))
                .isEqualTo("'a' & 'b' | 'c' & 'd' | ( 'a' | 'b' ) & ( 'c' | 'd' )");
        // 32 terms: 160 occurrences (5 of each term), not the 2 * 496 of the pairs written out
        String query = TermSelection.atLeastTwoOf(terms(lexemes(32)));
        assertThat(query.chars().filter(c -> c == '\'').count() / 2).isEqualTo(160);
    }

    @Test
    void atLeastTwoOfMatchesExactlyTheSetsHoldingTwoOfTheTerms() {
        for (int n = 2; n <= 9; n++) {
            List<String> names = lexemes(n);
            String query = TermSelection.atLeastTwoOf(terms(names));
            for (int held = 0; held < 1 << n; held++) {
                int mask = held;
                Set<String> vector = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if ((mask & 1 << i) != 0) {
                        vector.add(names.get(i));
                    }
                }
                assertThat(new BooleanQuery(query).matches(vector)).as("%s over %s", query, vector)
                        .isEqualTo(Integer.bitCount(mask) >= 2);
            }
        }
    }

    @Test
    void findersMatchAPaperHoldingOneAloneTermOrTwoPairedTerms() {
        List<TermSelection.Term> terms = TermSelection.weighted(List.of("a", "b", "c", "d", "e"),
                List.of(1L, 2L, 3L, 4L, 5L), 100);
        String query = TermSelection.finders(terms, 1, 1, 10, 100).tsquery();
        BooleanQuery finders = new BooleanQuery(query);
        assertThat(finders.matches(Set.of("a"))).isTrue();
        assertThat(finders.matches(Set.of("b"))).isFalse();
        assertThat(finders.matches(Set.of("e", "x"))).isFalse();
        assertThat(finders.matches(Set.of("b", "e"))).isTrue();
        assertThat(finders.matches(Set.of("c", "d", "x"))).isTrue();
    }

    /** Terms named as given, rarest first in that order. */
    private static List<TermSelection.Term> terms(String... names) {
        return terms(List.of(names));
    }

    private static List<TermSelection.Term> terms(List<String> names) {
        return IntStream.range(0, names.size())
                .mapToObj(i -> new TermSelection.Term(names.get(i), i + 1, 1.0)).toList();
    }

    /** n distinct lexemes. */
    private static List<String> lexemes(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i).toList();
    }

    /**
     * An independent reading of the tsquery subset the finders write (quoted lexemes without quotes inside, {@code &}
     * binding tighter than {@code |}, parentheses), as PostgreSQL's tsquery grammar defines them.
     */
    private static final class BooleanQuery {
        private final List<String> tokens = new ArrayList<>();
        private int at;
        private Set<String> vector;

        BooleanQuery(String query) {
            Matcher token = Pattern.compile("'[^']*'|[&|()]").matcher(query);
            while (token.find()) {
                tokens.add(token.group());
            }
        }

        boolean matches(Set<String> held) {
            vector = held;
            at = 0;
            boolean value = or();
            assertThat(at).as("whole query read").isEqualTo(tokens.size());
            return value;
        }

        private boolean or() {
            boolean value = and();
            while (at < tokens.size() && tokens.get(at).equals("|")) {
                at++;
                value |= and();
            }
            return value;
        }

        private boolean and() {
            boolean value = operand();
            while (at < tokens.size() && tokens.get(at).equals("&")) {
                at++;
                value &= operand();
            }
            return value;
        }

        private boolean operand() {
            String token = tokens.get(at++);
            if (token.equals("(")) {
                boolean value = or();
                assertThat(tokens.get(at++)).isEqualTo(")");
                return value;
            }
            return vector.contains(token.substring(1, token.length() - 1));
        }
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
