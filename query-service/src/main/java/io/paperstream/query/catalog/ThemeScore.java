package io.paperstream.query.catalog;

import java.util.List;

/** A theme of a paper as the API shows it. */
public record ThemeScore(String slug, String label, double score, List<String> matched) {
}
