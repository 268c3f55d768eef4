package io.paperstream.query.stream;

import java.util.List;

/**
 * A paper read from papers.enriched for the theme streams, serialized once for every subscriber of its themes.
 *
 * @param partition its partition of papers.enriched
 * @param offset    its offset there: with the partition, where it stands in every subscriber's position
 * @param themes    the slugs of its themes, each once: whose subscribers it reaches
 * @param json      the {@link StreamedPaper} JSON
 */
record ThemeRecord(int partition, long offset, List<String> themes, String json) {
}
