package io.paperstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import io.paperstream.client.Digests;
import io.paperstream.client.PaperRecord;

/**
 * The papers a run sends: real arXiv titles and abstracts from the shared 100k file (a digest: title line,
 * abstract line), or synthetic ones when the file is absent. Every title gets a run tag and its index, so each
 * run's papers are new to the catalog (ids derive from titles) and no two papers of a run share an id.
 */
public final class PaperCorpus {

    /** Synthetic papers mention themes of the default taxonomy, so they show up on theme streams too. */
    private static final String[] TOPICS = {
        "reinforcement learning", "large language model agents", "retrieval-augmented generation",
        "knowledge graphs", "multi-agent systems", "reward modeling", "chain-of-thought reasoning",
        "knowledge distillation", "model merging", "code generation", "synthetic data", "interpretability"
    };
    private static final String[] WORDS = {
        "policy", "gradient", "benchmark", "transformer", "attention", "dataset", "training", "evaluation",
        "robust", "efficient", "scalable", "sparse", "representation", "optimization", "inference", "latent",
        "retrieval", "planning", "tool", "memory", "alignment", "preference", "feedback", "language", "vision",
        "graph", "embedding", "token", "decoder", "encoder", "reward", "agent", "environment", "simulation"
    };
    private static final long SYNTHETIC_SEED = 20261126L;

    private final List<PaperRecord> source;
    private final boolean real;

    private PaperCorpus(List<PaperRecord> source, boolean real) {
        this.source = source;
        this.real = real;
    }

    /** Reads up to {@code wanted} papers from the file, or makes that many synthetic ones when it is absent. */
    public static PaperCorpus load(Path file, int wanted) {
        if (Files.isReadable(file)) {
            return new PaperCorpus(Digests.read(file, wanted), true);
        }
        return new PaperCorpus(synthetic(wanted), false);
    }

    public boolean real() {
        return real;
    }

    public int distinct() {
        return source.size();
    }

    /**
     * {@code count} papers from position {@code from} on (wrapping around the corpus), titles suffixed with
     * the run tag and their position, so they are unique within and across runs.
     */
    public List<PaperRecord> tagged(String runTag, int from, int count) {
        if (source.isEmpty()) {
            throw new IllegalStateException("the corpus holds no paper");
        }
        List<PaperRecord> papers = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            PaperRecord paper = source.get(i % source.size());
            papers.add(new PaperRecord(paper.title() + " (" + runTag + "-" + i + ")", paper.summary()));
        }
        return papers;
    }

    /** Distinct plain words of the summaries (letters only, at least 6 long), in a seeded random order. */
    public List<String> searchWords(int count, long seed) {
        Set<String> words = new LinkedHashSet<>();
        for (PaperRecord paper : source) {
            for (String word : paper.summary().split("[^\\p{L}]+")) {
                if (word.length() >= 6 && word.chars().allMatch(c -> c < 128)) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
            if (words.size() >= count * 20) {
                break;
            }
        }
        List<String> shuffled = new ArrayList<>(words);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled.subList(0, Math.min(count, shuffled.size()));
    }

    /** The whole file decompressed in memory (for the parser benchmark). */
    public static byte[] readAll(Path file) {
        try (InputStream in = Digests.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<PaperRecord> synthetic(int count) {
        Random random = new Random(SYNTHETIC_SEED);
        List<PaperRecord> papers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String topic = TOPICS[random.nextInt(TOPICS.length)];
            String title = "Synthetic Study " + i + " of " + capitalize(word(random)) + " " + capitalize(topic);
            StringBuilder summary = new StringBuilder("We study ").append(topic).append(" with ")
                    .append(word(random)).append(' ').append(word(random)).append('.');
            for (int sentence = 0; sentence < 8; sentence++) {
                summary.append(" The ").append(word(random)).append(' ').append(word(random)).append(" improves ")
                        .append(word(random)).append(' ').append(word(random)).append(" on ")
                        .append(TOPICS[random.nextInt(TOPICS.length)]).append(" tasks.");
            }
            papers.add(new PaperRecord(title, summary.toString()));
        }
        return papers;
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String capitalize(String words) {
        StringBuilder out = new StringBuilder(words.length());
        for (String word : words.split(" ")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }
}
