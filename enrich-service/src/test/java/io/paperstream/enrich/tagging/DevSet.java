package io.paperstream.enrich.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paperstream.client.SharedData;

/**
 * The hand-labelled development papers of {@code shared/data/tagging-dev/gold-dev.jsonl} (title, one-paragraph
 * summary, full abstract, gold theme slugs), read where they live: never copied into the project.
 */
final class DevSet {

    static final String PROPERTY = "tagging.dev";
    private static final String FILE = "tagging-dev/gold-dev.jsonl";

    /** One labelled paper; {@code gold} are the slugs a careful reader gave it. */
    record Paper(String id, String title, String summary, String abstractText, Set<String> gold) {
    }

    private DevSet() {
    }

    /** The file: {@code -Dtagging.dev=<file>} or the shared data directory; empty when absent. */
    static Optional<Path> locate() {
        String given = System.getProperty(PROPERTY);
        if (given != null) {
            return Optional.of(Path.of(given)).filter(Files::isRegularFile);
        }
        return SharedData.locate(FILE);
    }

    static String whereLooked() {
        return "-D" + PROPERTY + " or " + SharedData.candidates().stream().map(dir -> dir.resolve(FILE).toString())
                .toList();
    }

    static List<Paper> load(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<Paper> papers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                Set<String> gold = new TreeSet<>();
                node.get("gold").forEach(slug -> gold.add(slug.asText()));
                papers.add(new Paper(node.get("id").asText(), node.get("title").asText(),
                        node.get("summary").asText(), node.get("abstract").asText(), gold));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return papers;
    }
}
