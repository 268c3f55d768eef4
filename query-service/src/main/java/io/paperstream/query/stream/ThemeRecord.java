package io.paperstream.query.stream;

/**
 * A paper read from a theme topic, serialized once for every subscriber of the theme.
 *
 * @param partition its partition of the theme topic
 * @param offset    its offset there: with the partition, where it stands in every subscriber's position
 * @param json      the {@link StreamedPaper} JSON
 */
record ThemeRecord(int partition, long offset, String json) {
}
