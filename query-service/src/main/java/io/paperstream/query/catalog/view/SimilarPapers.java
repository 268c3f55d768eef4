package io.paperstream.query.catalog.view;

import java.util.List;

/** The papers most similar in text to {@code id}, best first. */
public record SimilarPapers(String id, List<SimilarPaper> items) {
}
