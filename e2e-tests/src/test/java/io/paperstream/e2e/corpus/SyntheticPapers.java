package io.paperstream.e2e.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.paperstream.client.PaperRecord;

/**
 * Generated papers for machines without the shared real data: deterministic (fixed seed), unique titles,
 * summaries that talk about one to three of the default themes in plain research prose (and some about
 * none), so the tagger has real work and the catalog many themes to count.
 */
public final class SyntheticPapers {

    /** Phrases a paper about each theme would use; what the tagger makes of them is enrich's business. */
    private static final List<List<String>> TOPICS = List.of(
            List.of("model collapse", "recursive training on model-generated data", "self-consuming training loops"),
            List.of("reinforcement learning", "policy optimization with PPO", "GRPO training with verifiable rewards"),
            List.of("reward models", "preference models for RLHF", "reward hacking"),
            List.of("LLM agents", "agentic workflows that plan and act", "language-model agents"),
            List.of("multi-agent systems", "debate between several agents", "cooperating agents"),
            List.of("tool use", "function calling over external APIs", "calling a code interpreter as a tool"),
            List.of("a new benchmark", "evaluation methodology", "LLM-as-a-judge evaluation"),
            List.of("chain-of-thought reasoning", "mathematical reasoning", "reasoning models"),
            List.of("knowledge distillation", "teacher-student training", "self-distillation"),
            List.of("model merging", "weight averaging of fine-tuned models", "merging task vectors"),
            List.of("multilingual models", "cross-lingual transfer", "low-resource languages"),
            List.of("causal inference", "causal discovery", "structural causal models"),
            List.of("alignment and safety", "jailbreak attacks", "red-teaming"),
            List.of("retrieval-augmented generation", "dense retrieval", "retrievers for RAG"),
            List.of("knowledge graphs", "knowledge graph completion", "ontologies"),
            List.of("synthetic data generation", "data augmentation with generated examples", "synthetic training data"),
            List.of("quantization", "pruning and sparsity", "efficient inference"),
            List.of("vision-language models", "multimodal LLMs", "audio-language models"),
            List.of("mechanistic interpretability", "probing classifiers", "feature attribution"),
            List.of("uncertainty quantification", "calibration of confidence", "conformal prediction"),
            List.of("code generation", "program repair", "software-engineering agents"),
            List.of("multi-turn dialogue", "dialogue systems", "conversational assistants"),
            List.of("robot manipulation", "embodied agents", "vision-language-action models"),
            List.of("image segmentation", "object detection", "diffusion models for images"));

    private static final List<String> NEUTRAL = List.of(
            "a study of optimizer stability", "sorting networks on small inputs", "numerical linear algebra",
            "a survey of hashing schemes", "scheduling batch jobs", "error bounds for quadrature rules");

    private SyntheticPapers() {
    }

    /** {@code count} papers titled {@code "Synthetic <tag> <n>: ..."}, the same for the same arguments. */
    public static List<PaperRecord> generate(int count, String tag, long seed) {
        Random random = new Random(seed);
        List<PaperRecord> papers = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            List<String> subjects = new ArrayList<>();
            int themes = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
            for (int t = 0; t < themes; t++) {
                List<String> topic = TOPICS.get(random.nextInt(TOPICS.size()));
                subjects.add(topic.get(random.nextInt(topic.size())));
            }
            if (subjects.isEmpty()) {
                subjects.add(NEUTRAL.get(random.nextInt(NEUTRAL.size())));
            }
            String title = String.format("Synthetic %s %05d: %s", tag, n, String.join(" and ", subjects));
            String summary = "This paper studies " + String.join(", together with ", subjects)
                    + ". We propose a method centred on " + subjects.get(0)
                    + ", evaluate it in controlled experiments and report consistent improvements over strong baselines.";
            List<String> related = random.nextInt(4) == 0
                    ? List.of("Related guides (" + random.nextInt(10) + ")")
                    : List.of();
            papers.add(new PaperRecord(title, summary, related));
        }
        return papers;
    }
}
