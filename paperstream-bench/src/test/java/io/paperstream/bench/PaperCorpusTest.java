package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.client.PaperRecord;
import io.paperstream.events.PaperId;

class PaperCorpusTest {

    @Test
    void taggedPapersAreUniqueEvenWhenTheCorpusWrapsAround() {
        PaperCorpus corpus = PaperCorpus.load(Path.of("no/such/file.txt.gz"), 5);

        List<PaperRecord> papers = corpus.tagged("benchx1", 0, 12);

        assertThat(corpus.real()).isFalse();
        assertThat(corpus.distinct()).isEqualTo(5);
        assertThat(papers).hasSize(12);
        assertThat(papers.stream().map(PaperRecord::expectedId).distinct()).hasSize(12);
        assertThat(papers.get(7).title()).endsWith("(benchx1-7)");
        assertThat(papers.get(7).summary()).isEqualTo(papers.get(2).summary());
        assertThat(corpus.tagged("benchx2", 0, 1).get(0).expectedId()).isNotEqualTo(papers.get(0).expectedId());
    }

    @Test
    void syntheticPapersNameTaxonomyThemes() {
        List<PaperRecord> papers = PaperCorpus.synthetic(50);

        assertThat(papers).allSatisfy(paper -> assertThat(paper.summary()).startsWith("We study "));
        assertThat(papers).anySatisfy(paper -> assertThat(paper.summary()).contains("reinforcement learning"));
        assertThat(papers.stream().map(paper -> PaperId.normalize(paper.title())).distinct()).hasSize(50);
    }

    @Test
    void searchWordsArePlainDistinctAndLongEnough() {
        PaperCorpus corpus = PaperCorpus.load(Path.of("no/such/file.txt.gz"), 200);

        List<String> words = corpus.searchWords(10, 1);

        assertThat(words).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(word -> assertThat(word).matches("[a-z]{6,}"));
    }
}
