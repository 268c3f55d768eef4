package io.paperstream.enrich.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Throughput of {@link ThemeTagger} with the default taxonomy on one core, over real arXiv abstracts
 * ({@code shared/data/arxiv-abstracts-100k.txt.gz}: title line, abstract line). Run from the repository root:
 *
 * <pre>./mvnw -pl enrich-service test-compile exec:java</pre>
 *
 * Options (system properties): {@code -Dbenchmark.data=<file>}, {@code -Dbenchmark.papers=<how many to load>},
 * {@code -Dbenchmark.seconds=<measured time>}. Not a test: throughput depends on the machine and its load.
 */
public final class TaggerBenchmark {

    private static final List<Path> DATA = List.of(Path.of("..", "shared", "data", "arxiv-abstracts-100k.txt.gz"),
            Path.of("..", "..", "shared", "data", "arxiv-abstracts-100k.txt.gz"));
    private static final int WARM_UP_PASSES = 2;

    private TaggerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path data = System.getProperty("benchmark.data") != null ? Path.of(System.getProperty("benchmark.data"))
                : DATA.stream().filter(Files::exists).findFirst().orElseThrow(() -> new IllegalStateException(
                        "no abstracts found at " + DATA + "; give -Dbenchmark.data=<file>"));
        int limit = Integer.getInteger("benchmark.papers", 100_000);
        double seconds = Double.parseDouble(System.getProperty("benchmark.seconds", "10"));

        List<String[]> papers = read(data, limit);
        long chars = papers.stream().mapToLong(p -> p[0].length() + p[1].length()).sum();
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        System.out.printf("Tagger benchmark: %,d abstracts (%.1f MB of text, %.0f chars each) from %s%n",
                papers.size(), chars / 1e6, (double) chars / papers.size(), data);
        System.out.printf("Taxonomy %s, %d themes, 1 thread, Java %s%n", tagger.taxonomy().version(),
                tagger.taxonomy().themes().size(), System.getProperty("java.version"));

        long tagged = 0;
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            tagged = tagAll(tagger, papers);
        }
        long done = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            tagAll(tagger, papers);
            done += papers.size();
            elapsed = System.nanoTime() - start;
        } while (elapsed < seconds * 1e9);

        double perSecond = done / (elapsed / 1e9);
        System.out.printf("%,.0f abstracts/s (%.1f MB/s, %.1f µs per abstract) over %,d abstracts in %.1f s%n",
                perSecond, perSecond * chars / papers.size() / 1e6, 1e6 / perSecond, done, elapsed / 1e9);
        System.out.printf("%.1f%% of the abstracts carry at least one theme%n", 100.0 * tagged / papers.size());
    }

    /** Tags every paper; returns how many carry a theme (also keeps the work from being optimized away). */
    private static long tagAll(ThemeTagger tagger, List<String[]> papers) {
        long tagged = 0;
        for (String[] paper : papers) {
            if (!tagger.tag(paper[0], paper[1]).isEmpty()) {
                tagged++;
            }
        }
        return tagged;
    }

    private static List<String[]> read(Path data, int limit) throws IOException {
        List<String[]> papers = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
            String title;
            while (papers.size() < limit && (title = reader.readLine()) != null) {
                String summary = reader.readLine();
                if (summary == null) {
                    break;
                }
                papers.add(new String[] {title, summary});
            }
        }
        return papers;
    }
}
