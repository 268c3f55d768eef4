package io.paperstream.query.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.paperstream.events.PaperEnriched;

/**
 * The nine papers of the repository's seed digest (seeds/000_...txt), with the themes the default taxonomy gives
 * them, ingested one minute apart in digest order (the first is the oldest).
 */
public final class SeedPapers {

    public static final Instant FIRST_INGESTED = Instant.parse("2026-11-20T10:00:00Z");
    public static final String ARXIV = "arxiv-digest";
    public static final String BLOG = "latent-space";

    private SeedPapers() {
    }

    public static List<PaperEnriched> all() {
        return List.of(
                Papers.paper("When Does Model Collapse Occur in Structured Interactive Learning?",
                        "This paper formalizes model collapse in multi-model interactive learning environments where "
                                + "models are trained on each other's synthetic outputs.",
                        ARXIV, Map.of("guides", 3L, "events", 8L), at(0), "model-collapse", "synthetic-data"),
                Papers.paper("Peak-Then-Collapse: RLVR Tool-Use Failures on Knowledge-Graph APIs",
                        "This paper investigates RLVR-based tool-use training (GRPO on Qwen2.5-7B-Instruct) on a "
                                + "minimal knowledge-graph API and documents a peak-then-collapse pattern.",
                        ARXIV, Map.of(), at(1), "reinforcement-learning", "tool-use", "knowledge-graphs"),
                Papers.paper("Two is better than one: A Collapse-free Multi-Reward RLIF Training Framework",
                        "This paper proposes a multi-reward reinforcement learning from internal feedback framework "
                                + "addressing reward hacking and entropy collapse in mathematical reasoning.",
                        ARXIV, Map.of(), at(2), "reinforcement-learning", "reward-modeling", "reasoning"),
                Papers.paper("Bounding Compositional Incoherence in Multi-Component LLM Agents",
                        "This paper formalizes a failure mode in multi-component LLM agent systems where components "
                                + "are locally probabilistically coherent but their composition is not.",
                        ARXIV, Map.of(), at(3), "llm-agents", "uncertainty-calibration"),
                Papers.paper("Contagion Networks: formal framework for measuring evaluator bias propagation in "
                                + "multi-agent LLM systems",
                        "A framework for quantifying how systematic evaluation biases spread across interacting LLM "
                                + "agents; larger evaluator committees reduce contagion.",
                        ARXIV, Map.of(), at(4), "multi-agent-systems", "evaluation-benchmarks", "llm-agents"),
                Papers.paper("Canonical-Context On-Policy Distillation (CCOPD) for Multi-Turn LLM Consistency",
                        "Self-anchored drift in multi-turn conversations; a student is distilled on incremental "
                                + "conversations to match a teacher given the full prompt.",
                        ARXIV, Map.of(), at(5), "distillation", "dialogue"),
                Papers.paper("CausaLab: Scalable Benchmark for Interactive Causal Discovery by LLM Agents",
                        "An evaluation environment that tests LLM agents on interactive causal discovery from "
                                + "structural causal models.",
                        ARXIV, Map.of(), at(6), "causal-inference", "evaluation-benchmarks", "llm-agents"),
                Papers.paper("Steerable Model Merging (ST-Merge) improves multilingual reasoning via adaptive gated "
                                + "cross-attention",
                        "Adaptive merging of a multilingual model and a reasoning model with gated cross-attention "
                                + "across 21 languages.",
                        ARXIV, Map.of(), at(7), "model-merging", "multilingual", "reasoning"),
                Papers.paper("Latent Space: How to Stop Shipping Low-Quality RL Environments",
                        "A practitioner post on recurring failure modes in reinforcement learning training "
                                + "environments and harnesses.",
                        BLOG, Map.of(), at(8), "reinforcement-learning"));
    }

    public static Instant at(int minutes) {
        return FIRST_INGESTED.plusSeconds(60L * minutes);
    }
}
