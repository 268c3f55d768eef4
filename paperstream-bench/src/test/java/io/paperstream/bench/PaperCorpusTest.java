package io.paperstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.paperstream.events.PaperId;

class PaperCorpusTest {

    @Test
    void pairsTitleAndAbstractLinesSkippingBlankOnes() throws IOException {
        String text = "First Title\nFirst abstract.\n\n  Second Title  \r\nSecond abstract.\nDangling title\n";

        List<BenchPaper> papers = PaperCorpus.readPapers(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 10);

        assertThat(papers).containsExactly(new BenchPaper("First Title", "First abstract."),
                new BenchPaper("Second Title", "Second abstract."));
    }

    @Test
    void taggedPapersAreUniqueEvenWhenTheCorpusWrapsAround() {
        PaperCorpus corpus = PaperCorpus.load(Path.of("no/such/file.txt.gz"), 5);

        List<BenchPaper> papers = corpus.tagged("benchx1", 0, 12);

        assertThat(corpus.real()).isFalse();
        assertThat(corpus.distinct()).isEqualTo(5);
        assertThat(papers).hasSize(12);
        assertThat(papers.stream().map(BenchPaper::id).distinct()).hasSize(12);
        assertThat(papers.get(7).title()).endsWith("(benchx1-7)");
        assertThat(papers.get(7).summary()).isEqualTo(papers.get(2).summary());
        assertThat(corpus.tagged("benchx2", 0, 1).get(0).id()).isNotEqualTo(papers.get(0).id());
    }

    @Test
    void syntheticPapersNameTaxonomyThemes() {
        List<BenchPaper> papers = PaperCorpus.synthetic(50);

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
