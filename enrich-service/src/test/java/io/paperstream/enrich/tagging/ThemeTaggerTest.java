package io.paperstream.enrich.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.paperstream.client.PaperRecord;
import io.paperstream.client.SeedPapers;

class ThemeTaggerTest {

    private static final ThemeTagger DEFAULT = new ThemeTagger(TaxonomyLoader.loadDefault());

    /** A small taxonomy to test the matching rules independently of the default one's weights. */
    private static final ThemeTagger RULES = new ThemeTagger(TaxonomyLoader.parse("""
            version: "test"
            scoring: {titleWeight: 2.0, repeatBonus: 0.5, maxRepeats: 3, defaultThreshold: 1.0}
            themes:
              - slug: rl
                label: RL
                description: reinforcement learning
                terms: {RL: 1, reinforcement learning: 1}
              - slug: merging
                label: Merging
                description: merging models
                terms: {"merg*": 1}
              - slug: agents
                label: Agents
                description: several agents
                terms: {multi-agent: 1, "LLM * agent": 1}
              - slug: collapse
                label: Collapse
                description: model collapse
                terms: {collapse: 1}
                exclude: [mode collapse]
              - slug: policy
                label: Policy
                description: policies
                terms: {policy: 1}
              - slug: strong
                label: Strong
                description: needs evidence
                threshold: 3
                terms: {benchmark: 1}
                context: {LLM: 5}
            """.getBytes(StandardCharsets.UTF_8), "test"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            When Does Model Collapse                                  | model-collapse
            Peak-Then-Collapse                                        | reinforcement-learning,tool-use,knowledge-graphs
            Two is better than one                                    | reinforcement-learning
            Bounding Compositional Incoherence                        | llm-agents
            Contagion Networks                                        | multi-agent-systems
            Canonical-Context On-Policy Distillation                  | distillation
            CausaLab                                                  | evaluation-benchmarks,causal-inference
            Steerable Model Merging                                   | model-merging,multilingual
            Latent Space: How to Stop Shipping Low-Quality RL Environments | reinforcement-learning
            """)
    void seedPapersGetAtLeastTheirExpectedThemes(String titlePrefix, String expected) {
        PaperRecord paper = SeedPapers.startingWith(titlePrefix);

        List<ThemeMatch> themes = DEFAULT.tag(paper.title(), paper.summary());

        assertThat(themes).extracting(ThemeMatch::slug).contains(expected.split(","));
        assertThat(themes).allSatisfy(theme -> {
            assertThat(theme.score()).isBetween(0.5, 1.0);
            assertThat(theme.matched()).isNotEmpty();
            assertThat(theme.label()).isNotBlank();
        });
    }

    @Test
    void aPaperAboutNoneOfTheThemesGetsNone() {
        assertThat(DEFAULT.tag("Seasonal variation of groundwater nitrate in karst aquifers",
                "We measure nitrate concentrations in twelve karst springs over three years and relate them to "
                        + "rainfall and fertilizer use, finding a lag of about two months."))
                .isEmpty();
        assertThat(DEFAULT.tag("", "")).isEmpty();
        assertThat(DEFAULT.tag(null, null)).isEmpty();
    }

    @Test
    void aPassingWordDoesNotMakeATheme() {
        // "benchmark" and "reasoning" each said once in a summary about something else
        assertThat(DEFAULT.tag("A faster solver for sparse linear systems on GPUs",
                "The solver beats the standard benchmark by 20% without any reasoning about the matrix structure."))
                .extracting(ThemeMatch::slug)
                .doesNotContain("evaluation-benchmarks", "reasoning");
    }

    @Test
    void programmingAsOptimisationOrLogicIsNoCodeGeneration() {
        // titles of the shared corpus: "programming" there names a solver or a logic, not program code
        for (String title : List.of("Hyperparameter Optimization of Constraint Programming Solvers",
                "Self-Supervised Inductive Logic Programming",
                "GESR: A Genetic Programming-Based Symbolic Regression Method with Gene Editing",
                "Answer Set Programming Modulo Theories and Reasoning about Continuous Changes")) {
            assertThat(DEFAULT.tag(title, "")).extracting(ThemeMatch::slug).as(title).doesNotContain("code-generation");
        }
        // with its summary: "programming" (a supporting term) in the title alone no longer carries a theme
        assertThat(DEFAULT.tag("SCRIPT: Implementing an Intelligent Tutoring System for Programming in a German "
                + "University Context", "Developing a new intelligent tutoring system for Python programming that "
                + "integrates generative AI models while complying with strict European data protection regulations, "
                + "serving as both educational and research platform.")).extracting(ThemeMatch::slug)
                .contains("code-generation");
    }

    @Test
    void codesOfCodingTheoryAndHateSpeechAreNoCodeOrMultimodalPapers() {
        // papers of the shared corpus (title and a sentence of their abstract) that carried the theme by the word
        assertThat(DEFAULT.tag("Error-Correcting Codes for the Sum Channel",
                "We construct a two-deletion-correcting code with redundancy that is optimal up to a factor of 2."))
                .extracting(ThemeMatch::slug).doesNotContain("code-generation");
        assertThat(DEFAULT.tag("Few-shot Hate Speech Detection Based on the MindSpore Framework",
                "To address this, we propose MS-FSLHate, a prompt-enhanced neural framework for few-shot hate speech "
                        + "detection implemented on the MindSpore deep learning platform."))
                .extracting(ThemeMatch::slug).doesNotContain("multimodal");
    }

    @Test
    void abbreviationsMatchCaseSensitivelyOnWordBoundaries() {
        assertThat(slugs(RULES, "Crawling every URL of the web", "")).doesNotContain("rl");
        assertThat(slugs(RULES, "A world model for girls and curls", "")).doesNotContain("rl");
        assertThat(slugs(RULES, "Rl or rl are not the abbreviation", "")).doesNotContain("rl");
        assertThat(slugs(RULES, "RL-based training of a controller", "")).contains("rl");
        assertThat(slugs(RULES, "", "We compare two RLs.")).contains("rl");
    }

    @Test
    void lowerCaseTermsMatchInAnyCase() {
        assertThat(slugs(RULES, "REINFORCEMENT LEARNING at scale", "")).contains("rl");
        assertThat(slugs(RULES, "Reinforcement Learning at scale", "")).contains("rl");
    }

    @Test
    void prefixesCoverInflections() {
        for (String word : List.of("merge", "merges", "merged", "merging", "Merging")) {
            assertThat(slugs(RULES, word + " two networks", "")).as(word).contains("merging");
        }
        assertThat(slugs(RULES, "Emerging topics", "")).doesNotContain("merging");
    }

    @Test
    void theLastWordOfATermMatchesItsPluralOnly() {
        assertThat(slugs(RULES, "", "Learned policies generalize.")).contains("policy");
        assertThat(slugs(RULES, "", "Two multi-agent systems talk.")).contains("agents");
    }

    @Test
    void hyphenatedTermsMatchWrittenApartSolidOrHyphenated() {
        for (String spelling : List.of("multi-agent", "multi agent", "multiagent", "Multi-Agent", "MultiAgent")) {
            assertThat(slugs(RULES, "A " + spelling + " benchmark", "")).as(spelling).contains("agents");
        }
    }

    @Test
    void aLoneStarMatchesAnyOneWord() {
        assertThat(slugs(RULES, "", "We build LLM-based agents.")).contains("agents");
        assertThat(slugs(RULES, "", "We build LLM agents.")).doesNotContain("agents");
        assertThat(slugs(RULES, "", "We build LLM and then later agents.")).doesNotContain("agents");
    }

    @Test
    void phrasesDoNotRunAcrossSentencePunctuation() {
        assertThat(slugs(RULES, "", "We study reinforcement. Learning is hard.")).doesNotContain("rl");
        assertThat(slugs(RULES, "", "We study reinforcement-learning.")).contains("rl");
    }

    @Test
    void anExclusionCancelsTheTermsInsideIt() {
        assertThat(slugs(RULES, "Avoiding mode collapse in GANs", "")).doesNotContain("collapse");
        assertThat(slugs(RULES, "Avoiding collapse in GANs", "")).contains("collapse");
    }

    @Test
    void contextTermsNeverCarryAThemeAlone() {
        assertThat(slugs(RULES, "LLM LLM LLM", "LLM")).doesNotContain("strong");
        assertThat(slugs(RULES, "", "An LLM benchmark.")).contains("strong");
        assertThat(slugs(RULES, "", "A benchmark.")).doesNotContain("strong");
    }

    @Test
    void aThemeMadeOnlyOfSupportingTermsNeedsMoreThanItsThreshold() {
        // papers of the shared 5k digest (title and summary as given there): one supporting term in the title plus
        // one mention landed exactly on the threshold ("multimodal" 0.75 x 2 + 0.75 = multimodal's 2.25; "data
        // filtering" 1 x 2 = 2); biosignal fusion is no multimodal paper, SCADA filtering no synthetic-data paper
        List<String> biosignals = slugs(DEFAULT, "SignalMC-MED: A Multimodal Benchmark for Evaluating Biosignal "
                + "Foundation Models on Single-Lead ECG and PPG", "SignalMC-MED benchmark evaluates biosignal foundation "
                + "models on synchronized 10-minute ECG/PPG data across 20 clinical tasks, showing domain-specific "
                + "models and multimodal fusion outperform general time-series models.");
        assertThat(biosignals).doesNotContain("multimodal").as("a decisive term still carries its theme")
                .contains("evaluation-benchmarks");
        assertThat(slugs(DEFAULT, "Clustering algorithms for multivariate wind farm SCADA data filtering",
                "Comparison of clustering algorithms for filtering SCADA wind farm data shows cluster-based methods "
                        + "outperform manual filtering for anomaly detection, though expert involvement remains "
                        + "needed to some extent.")).doesNotContain("synthetic-data");
    }

    @Test
    void efficiencyIsNotMadeByAParallelismOrLightweightTitleOrByFineTuningWithLoRA() {
        // papers of the shared 5k digest (title and summary as given there) that 2026.11.7 tagged efficiency through
        // "Parallelism" (1.5) or "Lightweight" (0.75) in the title, or "LoRA" as context: none is about compute, memory
        // or serving cost (shared/themes.md); TAXONOMY-CHANGES.md, 2026.11.8
        assertThat(slugs(DEFAULT, "Leveraging Machine Learning and Enhanced Parallelism Detection for BPMN Model "
                + "Generation from Text", "The paper introduces an automated pipeline using machine learning and large "
                + "language models to convert textual process documents into BPMN models, addressing challenges like "
                + "parallel structures.")).doesNotContain("efficiency");
        assertThat(slugs(DEFAULT, "AgentDoG 1.5: A Lightweight and Scalable Alignment Framework for AI Agent Safety "
                + "and Security", "Proposes AgentDoG 1.5, a lightweight agent safety alignment framework that achieves "
                + "SOTA performance with small models trained on minimal data, featuring efficient deployment for "
                + "real-time safety moderation.")).doesNotContain("efficiency").contains("alignment-safety");
        assertThat(slugs(DEFAULT, "Subspace Geometry Governs Catastrophic Forgetting in Low-Rank Adaptation",
                "A geometric theory shows catastrophic forgetting in LoRA is governed by gradient subspace angles, with "
                        + "forgetting largely rank-independent at high angles, reconciling contradictory findings about "
                        + "rank's impact.")).doesNotContain("efficiency");
        // the same words next to a decisive efficiency term still carry the theme
        assertThat(slugs(DEFAULT, "CARE-LoRA: Compressed Activation REconstruction for Memory-Efficient LoRA",
                "CARE-LoRA: A memory-efficient LoRA variant that reduces activation memory by compressing and "
                        + "reconstructing activations, maintaining performance while lowering memory footprint during "
                        + "fine-tuning.")).contains("efficiency");
        assertThat(slugs(DEFAULT, "Lightweight Transformer Models for On-Device Fault Detection: A Benchmark Study on "
                + "Resource-Constrained Deployment", "Benchmark comparing traditional ML vs lightweight transformers for "
                + "on-device fault detection shows transformers match accuracy on separable data but with large "
                + "size/latency penalties; quantization and adaptive pipelines help; severe class imbalance challenges "
                + "all methods.")).contains("efficiency");
    }

    @Test
    void anLlmGeneratedTitleAloneIsNoSyntheticData() {
        // papers of the shared 5k digest (title and summary as given there) that 2026.11.8 tagged synthetic-data only
        // through "LLM-Generated" (1.5) in the title: they evaluate or study generated kernels and reviews, they do not
        // generate training or evaluation data (shared/themes.md); TAXONOMY-CHANGES.md, 2026.11.9
        assertThat(slugs(DEFAULT, "KernelBench-X: A Comprehensive Benchmark for Evaluating LLM-Generated GPU Kernels",
                "KernelBench-X benchmark reveals LLM-based Triton kernel generation breaks down due to task structure "
                        + "dependencies, iterative refinement trade-offs between correctness and performance, and "
                        + "significant gaps where correct kernels remain inefficient or fail on numerical contracts like "
                        + "quantization.")).doesNotContain("synthetic-data").contains("evaluation-benchmarks");
        assertThat(slugs(DEFAULT, "Do LLMs Favor LLMs? Quantifying Interaction Effects in Peer Review",
                "LLM-assisted reviews show leniency toward lower quality papers, creating spurious interaction effects "
                        + "rather than preferential treatment of LLM-generated content. Fully LLM-generated reviews "
                        + "exhibit severe rating compression, while human reviewers using LLMs reduce this leniency."))
                .doesNotContain("synthetic-data");
        // generated samples used as training data keep the theme: the word plus its company still reach it
        assertThat(slugs(DEFAULT, "Geometric Filtering of LLM-Generated Samples for Few-Shot Text Classification",
                "A geometric filtering framework that selects high-quality LLM-generated samples based on Euclidean "
                        + "distance to real examples in embedding space, improving text classification and NER "
                        + "performance.")).contains("synthetic-data");
    }

    @Test
    void aPomdpAloneIsNoReinforcementLearning() {
        // 5k-digest papers that 2026.11.8 tagged reinforcement-learning only through "POMDP" (1): planning and solver
        // papers (tree search, belief automata), no learning from reward; TAXONOMY-CHANGES.md, 2026.11.9
        assertThat(slugs(DEFAULT, "Finite-Time Analysis of MCTS in Continuous POMDP Planning",
                "This paper provides finite-time theoretical guarantees for Monte Carlo Tree Search (MCTS) in both "
                        + "discrete and continuous POMDPs, including a novel Voro-POMCPOW algorithm for continuous "
                        + "observation spaces.")).doesNotContain("reinforcement-learning");
        assertThat(slugs(DEFAULT, "REBA: A Revealed Belief Automaton Framework for Online Planning in Continuous POMDPs",
                "REBA introduces an event-driven framework for online planning in continuous POMDPs using \u03c9-regular "
                        + "specifications, replacing global belief-space discretization with online revelation event "
                        + "certification and symbolic memory construction.")).doesNotContain("reinforcement-learning");
        // a POMDP paper that names its RL method keeps the theme
        assertThat(slugs(DEFAULT, "Learning Optimal Defender Strategies for CAGE-2 using a POMDP Model",
                "Proposes BF-PPO, a PPO-based method with particle filter for optimal defender strategy in CAGE-2 "
                        + "cybersecurity benchmark, outperforming state-of-the-art CARDIFF in both performance and "
                        + "training efficiency.")).contains("reinforcement-learning");
    }

    @Test
    void withContextCountsOnceOnlyTheStrongestContextTermAdds() {
        String themes = String.join("\n",
                "themes:",
                "  - {slug: agents, label: A, description: d, terms: {agent: 1}, context: {LLM: 1, large language model: 0.75}}");
        ThemeTagger summed = new ThemeTagger(TaxonomyLoader.parse(String.join("\n", "version: \"t\"",
                "scoring: {titleWeight: 2, repeatBonus: 0, maxRepeats: 1, defaultThreshold: 2.5}", themes)
                .getBytes(StandardCharsets.UTF_8), "test"));
        ThemeTagger once = new ThemeTagger(TaxonomyLoader.parse(String.join("\n", "version: \"t\"",
                "scoring: {titleWeight: 2, repeatBonus: 0, maxRepeats: 1, defaultThreshold: 2.5, contextCountsOnce: true}",
                themes).getBytes(StandardCharsets.UTF_8), "test"));
        // one sentence naming the same context twice (abbreviation and spelled out) and the theme's word once
        String summary = "We study an agent built on large language models (LLMs).";

        assertThat(summed.evidence("", summary)[0]).as("agent 1 + LLM 1 + large language model 0.75").isEqualTo(2.75);
        assertThat(slugs(summed, "", summary)).containsExactly("agents");
        assertThat(once.evidence("", summary)[0]).as("agent 1 + the stronger context, LLM 1").isEqualTo(2.0);
        assertThat(slugs(once, "", summary)).isEmpty();
        assertThat(once.evidence("", "An agent built on large language models.")[0])
                .as("a weaker context term alone still adds").isEqualTo(1.75);
        assertThat(once.evidence("LLM agent", summary)[0])
                .as("agent in title and summary 2 + 1, LLM likewise 2 + 1 (the stronger context)").isEqualTo(6.0);
    }

    @Test
    void aPrefixTermMatchesWhateverTheTrieHadToGrowForIt() {
        // the word trie starts small and grows while a term's path is added; a prefix term whose path made it grow
        // was once stored into the array from before the growth (the 2026.11.6 taxonomy crashed the tagger that way)
        for (int fillers = 0; fillers <= 300; fillers++) {
            StringBuilder terms = new StringBuilder();
            for (int i = 0; i < fillers; i++) {
                terms.append("filler").append((char) ('a' + i / 26 % 26)).append((char) ('a' + i % 26)).append(": 1, ");
            }
            ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.parse(String.join("\n",
                    "version: \"t\"",
                    "scoring: {titleWeight: 2, repeatBonus: 0, maxRepeats: 1, defaultThreshold: 2}",
                    "themes:",
                    "  - {slug: vision, label: V, description: d, terms: {" + terms + "\"dehazingprefixterm*\": 2}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "test"));

            assertThat(slugs(tagger, "", "Dehazingprefixterms everywhere.")).as("%d filler words", fillers)
                    .containsExactly("vision");
        }
    }

    @Test
    void theScoreIsMeasuredAgainstTheThresholdThePaperNeeded() {
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.parse(String.join("\n",
                "version: \"t\"",
                "scoring: {titleWeight: 2, repeatBonus: 0, maxRepeats: 1, defaultThreshold: 2, decisiveWeight: 2,",
                "  supportOnlyFactor: 1.25}",
                "themes:",
                "  - {slug: rl, label: RL, description: d, terms: {reinforcement learning: 2, policy: 1}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "test"));

        assertThat(slugs(tagger, "Policy", "")).as("supporting term alone: 2 < 2 x 1.25").isEmpty();
        assertThat(score(tagger.tag("Policy", "A policy."), "rl")).as("2 + 1 = 3 against 2.5")
                .isEqualTo(Math.round((1 - Math.pow(2, -3 / 2.5)) * 1000) / 1000.0);
        assertThat(score(tagger.tag("", "Reinforcement learning."), "rl")).as("decisive: just the threshold")
                .isEqualTo(0.5);
    }

    @Test
    void aTitleMatchWeighsMoreThanASummaryMatch() {
        double inTitle = score(RULES.tag("Reinforcement learning", ""), "rl");
        double inSummary = score(RULES.tag("", "Reinforcement learning"), "rl");
        double inBoth = score(RULES.tag("Reinforcement learning", "Reinforcement learning"), "rl");

        assertThat(inTitle).isGreaterThan(inSummary);
        assertThat(inBoth).isGreaterThan(inTitle);
        assertThat(inSummary).isEqualTo(0.5); // exactly the threshold
    }

    @Test
    void matchedListsTheTermsAsWrittenInTheTaxonomy() {
        List<ThemeMatch> themes = DEFAULT.tag("Group Relative Policy Optimization with RLVR",
                "We train GRPO policies with verifiable rewards.");

        ThemeMatch rl = themes.stream().filter(t -> t.slug().equals("reinforcement-learning")).findFirst()
                .orElseThrow();
        assertThat(rl.matched()).contains("RLVR", "GRPO", "policy optimization", "verifiable reward");
    }

    @Test
    void camelCaseNamesAreSplitIntoWords() {
        assertThat(slugs(RULES, "MergeKit for everyone", "")).contains("merging");
    }

    @Test
    void taggingIsRepeatableOnOneThread() {
        PaperRecord paper = SeedPapers.startingWith("Peak-Then-Collapse");
        List<ThemeMatch> first = DEFAULT.tag(paper.title(), paper.summary());
        DEFAULT.tag("Something else entirely about robots", "Robotic manipulation with grasping.");

        assertThat(DEFAULT.tag(paper.title(), paper.summary())).isEqualTo(first);
    }

    @Test
    void evidenceIsWhatTheThresholdIsComparedWith() {
        // RULES: titleWeight 2, threshold 1; "RL" (1) in the title gives 2, "merging" (1) once in the summary 1
        double[] evidence = RULES.evidence("RL for everyone", "We study merging of models.");

        assertThat(evidence[0]).isEqualTo(2.0);
        assertThat(evidence[1]).isEqualTo(1.0);
        assertThat(evidence[2]).as("no term of the theme matched").isNaN();
        assertThat(slugs(RULES, "RL for everyone", "We study merging of models.")).containsExactly("rl", "merging");
    }

    private static List<String> slugs(ThemeTagger tagger, String title, String summary) {
        return tagger.tag(title, summary).stream().map(ThemeMatch::slug).toList();
    }

    private static double score(List<ThemeMatch> themes, String slug) {
        return themes.stream().filter(t -> t.slug().equals(slug)).findFirst().orElseThrow().score();
    }
}
