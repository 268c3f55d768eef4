package io.paperstream.query.testing;

import java.util.ArrayList;
import java.util.List;

import io.paperstream.events.ThemeDefinition;

/** The default themes (shared/themes.md), as enrich publishes them on taxonomy.themes. */
public final class Taxonomy {

    public static final String VERSION = "test-taxonomy-1";

    private static final String[][] THEMES = {
            {"model-collapse", "Model collapse", "models degrading when trained on model-generated outputs"},
            {"reinforcement-learning", "Reinforcement learning", "RL of any kind"},
            {"reward-modeling", "Reward modeling", "reward models, preference models, reward design"},
            {"llm-agents", "LLM agents", "agents built on language models that plan and act over steps"},
            {"multi-agent-systems", "Multi-agent systems", "several interacting agents"},
            {"tool-use", "Tool use", "models calling tools, APIs, functions"},
            {"evaluation-benchmarks", "Evaluation and benchmarks", "new benchmarks and evaluation methodology"},
            {"reasoning", "Reasoning", "chain-of-thought, mathematical or logical reasoning"},
            {"distillation", "Distillation", "knowledge distillation, teacher-student training"},
            {"model-merging", "Model merging", "merging or composing the weights of trained models"},
            {"multilingual", "Multilingual", "several languages, cross-lingual transfer"},
            {"causal-inference", "Causal inference", "causal discovery, interventions, counterfactuals"},
            {"alignment-safety", "Alignment and safety", "alignment, safety, jailbreaks, red-teaming"},
            {"retrieval-augmentation", "Retrieval augmentation", "retrieval-augmented generation, retrievers"},
            {"knowledge-graphs", "Knowledge graphs", "knowledge graphs, ontologies, KG reasoning"},
            {"synthetic-data", "Synthetic data", "generating training or evaluation data with models"},
            {"efficiency", "Efficiency", "quantization, pruning, efficient inference"},
            {"multimodal", "Multimodal", "vision-language models, multimodal LLMs"},
            {"interpretability", "Interpretability", "mechanistic interpretability, probing"},
            {"uncertainty-calibration", "Uncertainty and calibration", "uncertainty quantification, calibration"},
            {"code-generation", "Code generation", "models that write, repair or reason about code"},
            {"dialogue", "Dialogue", "multi-turn conversation, dialogue systems"},
            {"robotics-embodied", "Robotics and embodied AI", "robots, embodied agents, manipulation"},
            {"computer-vision", "Computer vision", "image or video understanding or generation"},
    };

    private Taxonomy() {
    }

    public static List<ThemeDefinition> definitions() {
        List<ThemeDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < THEMES.length; i++) {
            definitions.add(new ThemeDefinition(THEMES[i][0], THEMES[i][1], THEMES[i][2], i, VERSION));
        }
        return definitions;
    }

    public static String label(String slug) {
        for (String[] theme : THEMES) {
            if (theme[0].equals(slug)) {
                return theme[1];
            }
        }
        throw new IllegalArgumentException("not a default theme: " + slug);
    }
}
