package io.paperstream.enrich.tagging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * What a taxonomy change does beyond the labelled papers: tags a real corpus (a digest of title and summary
 * lines, {@code shared/data/arxiv-digest-5k.txt} by default) with an older taxonomy and the default one and
 * prints, per theme, how many papers gained or lost it, with a few of their titles to read. Run from the
 * repository root:
 *
 * <pre>./mvnw -q -pl enrich-service -am test-compile exec:java -Dexec.mainClass=io.paperstream.enrich.tagging.TaxonomyDiff -Ddiff.old=&lt;old.yaml&gt;</pre>
 *
 * Options: {@code -Ddiff.old=<yaml>} (required), {@code -Ddiff.data=<digest, .gz allowed>},
 * {@code -Ddiff.examples=5}, {@code -Ddiff.new=<yaml>} (the default taxonomy otherwise).
 */
public final class TaxonomyDiff {

    private static final List<Path> DATA = List.of(Path.of("..", "shared", "data", "arxiv-digest-5k.txt"),
            Path.of("..", "..", "shared", "data", "arxiv-digest-5k.txt"));

    private TaxonomyDiff() {
    }

    public static void main(String[] args) throws IOException {
        ThemeTagger old = new ThemeTagger(TaxonomyLoader.load(Path.of(System.getProperty("diff.old"))));
        ThemeTagger now = new ThemeTagger(System.getProperty("diff.new") == null ? TaxonomyLoader.loadDefault()
                : TaxonomyLoader.load(Path.of(System.getProperty("diff.new"))));
        Path data = System.getProperty("diff.data") != null ? Path.of(System.getProperty("diff.data"))
                : DATA.stream().filter(Files::exists).findFirst().orElseThrow();
        int examples = Integer.getInteger("diff.examples", 5);
        Map<String, List<String>> gained = new TreeMap<>();
        Map<String, List<String>> lost = new TreeMap<>();
        Map<String, Integer> carriedBefore = new TreeMap<>();
        int papers = 0;
        try (InputStream raw = Files.newInputStream(data);
                InputStream in = data.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String title;
            while ((title = reader.readLine()) != null) {
                if (title.isBlank()) {
                    continue;
                }
                String summary = reader.readLine();
                if (summary == null) {
                    break;
                }
                papers++;
                Set<String> before = slugs(old.tag(title, summary));
                Set<String> after = slugs(now.tag(title, summary));
                before.forEach(slug -> carriedBefore.merge(slug, 1, Integer::sum));
                for (String slug : after) {
                    if (!before.contains(slug)) {
                        gained.computeIfAbsent(slug, s -> new ArrayList<>()).add(title);
                    }
                }
                for (String slug : before) {
                    if (!after.contains(slug)) {
                        lost.computeIfAbsent(slug, s -> new ArrayList<>()).add(title);
                    }
                }
            }
        }
        System.out.printf("%d papers of %s: %s -> %s%n", papers, data, old.taxonomy().version(),
                now.taxonomy().version());
        Set<String> themes = new java.util.TreeSet<>(gained.keySet());
        themes.addAll(lost.keySet());
        for (String slug : themes) {
            List<String> g = gained.getOrDefault(slug, List.of());
            List<String> l = lost.getOrDefault(slug, List.of());
            System.out.printf("%n%-26s +%d -%d (of %d carrying it before)%n", slug, g.size(), l.size(),
                    carriedBefore.getOrDefault(slug, 0));
            g.stream().limit(examples).forEach(t -> System.out.println("   + " + t));
            l.stream().limit(examples).forEach(t -> System.out.println("   - " + t));
        }
    }

    private static Set<String> slugs(List<ThemeMatch> matches) {
        return matches.stream().map(ThemeMatch::slug).collect(Collectors.toSet());
    }
}
