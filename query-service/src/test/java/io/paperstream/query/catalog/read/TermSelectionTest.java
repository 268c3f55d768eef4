package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

    private static List<String> names(List<TermSelection.Term> terms) {
        return terms.stream().map(TermSelection.Term::term).toList();
    }
}
