package io.paperstream.query.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.paperstream.client.PaperRecord;
import io.paperstream.events.PaperEnriched;

/**
 * The papers of the repository's seed digests (read by the client kit's seed reader), as enrich would publish
 * them: with the themes the default taxonomy gives them, ingested one minute apart in digest order (the first is
 * the oldest).
 */
public final class SeedPapers {

    public static final Instant FIRST_INGESTED = Instant.parse("2026-11-20T10:00:00Z");
    public static final String ARXIV = "arxiv-digest";
    public static final String BLOG = "latent-space";

    /** The themes of each seed paper, in digest order (a paper of the blog is told by its title). */
    private static final List<String[]> THEMES = List.of(
            new String[] {"model-collapse", "synthetic-data"},
            new String[] {"reinforcement-learning", "tool-use", "knowledge-graphs"},
            new String[] {"reinforcement-learning", "reward-modeling", "reasoning"},
            new String[] {"llm-agents", "uncertainty-calibration"},
            new String[] {"multi-agent-systems", "evaluation-benchmarks", "llm-agents"},
            new String[] {"distillation", "dialogue"},
            new String[] {"causal-inference", "evaluation-benchmarks", "llm-agents"},
            new String[] {"model-merging", "multilingual", "reasoning"},
            new String[] {"reinforcement-learning"});
    private static final String BLOG_TITLE_PREFIX = "Latent Space:";

    private SeedPapers() {
    }

    public static List<PaperEnriched> all() {
        List<PaperRecord> seeds = io.paperstream.client.SeedPapers.load();
        if (seeds.size() != THEMES.size()) {
            throw new IllegalStateException("the seed digests hold " + seeds.size() + " papers; this fixture gives"
                    + " themes to " + THEMES.size());
        }
        List<PaperEnriched> papers = new ArrayList<>(seeds.size());
        for (int i = 0; i < seeds.size(); i++) {
            PaperRecord seed = seeds.get(i);
            String source = seed.title().startsWith(BLOG_TITLE_PREFIX) ? BLOG : ARXIV;
            papers.add(Papers.paper(seed.title(), seed.summary(), source, seed.relatedCounts(), at(i),
                    THEMES.get(i)));
        }
        return papers;
    }

    public static Instant at(int minutes) {
        return FIRST_INGESTED.plusSeconds(60L * minutes);
    }
}
