package io.paperstream.bench.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.paperstream.client.PaperRecord;
import io.paperstream.events.PaperId;

class CatalogVariantsTest {

    private static final List<PaperRecord> CORPUS = List.of(
            new PaperRecord("Attention Is All You Need", "The dominant sequence transduction models are based on "
                    + "complex recurrent or convolutional neural networks."),
            new PaperRecord("Deep Residual Learning for Image Recognition", "Deeper neural networks are more "
                    + "difficult to train."),
            // the same title once normalized (case, punctuation): the same id, so not a base paper of its own
            new PaperRecord("attention is all you need!", "A repeated record of the first paper."),
            new PaperRecord("Adam: A Method for Stochastic Optimization", "We introduce Adam, an algorithm for "
                    + "first-order gradient-based optimization of stochastic objective functions."));

    @Test
    void everyPaperOfTheCatalogHasItsOwnId() {
        CatalogVariants variants = new CatalogVariants(CORPUS);
        Set<String> ids = new HashSet<>();
        for (PaperRecord paper : variants.papers(0, 30)) {
            ids.add(paper.expectedId());
        }
        assertThat(ids).hasSize(30);
    }

    @Test
    void theTextsAreTheCorpusTextsWordForWord() {
        CatalogVariants variants = new CatalogVariants(CORPUS);
        assertThat(variants.baseSize()).isEqualTo(3);
        // variant 0 is the paper as published
        assertThat(variants.paper(0)).isEqualTo(CORPUS.get(0));
        assertThat(variants.paper(2)).isEqualTo(CORPUS.get(3));
        // paper 7 = variant 2 of base paper 1: the real summary, the real title with two words added
        PaperRecord seventh = variants.paper(7);
        assertThat(seventh.summary()).isEqualTo(CORPUS.get(1).summary());
        assertThat(seventh.title()).isEqualTo("Deep Residual Learning for Image Recognition (variant 2)");
        assertThat(seventh.expectedId()).isEqualTo(PaperId.fromTitle("deep residual learning for image recognition "
                + "variant 2"));
    }

    @Test
    void theSameIndexGivesTheSamePaper() {
        assertThat(new CatalogVariants(CORPUS).papers(100, 10)).isEqualTo(new CatalogVariants(CORPUS).papers(100, 10));
    }

    @Test
    void aCorpusWithoutPapersIsRefused() {
        assertThatThrownBy(() -> new CatalogVariants(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void probeWordsAreLettersAndNeverRepeat() {
        Set<String> words = new HashSet<>();
        for (int probe = 0; probe < 500; probe++) {
            String word = ProbeWords.word("mk2x9a", probe);
            assertThat(word).matches("[a-z]+");
            words.add(word);
        }
        words.add(ProbeWords.word("mk2x9b", 0));
        assertThat(words).hasSize(501);
    }
}
