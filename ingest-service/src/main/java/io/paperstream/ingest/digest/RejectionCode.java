package io.paperstream.ingest.digest;

/** The kinds of problems a digest record can have; {@link #slug()} is the stable name used in metrics. */
public enum RejectionCode {
    /** A title whose next line is blank, a Related line, or the end of the digest. */
    MISSING_SUMMARY("missing-summary"),
    /** Related lines before the first title of the digest. */
    RELATED_WITHOUT_RECORD("related-without-record"),
    /** A line starting with "Related " that is not {@code Related <kind> (<n>)}. */
    MALFORMED_RELATED("malformed-related"),
    /** A Related count that is not a whole number, is negative, overflows or exceeds the configured maximum. */
    INVALID_RELATED_COUNT("invalid-related-count"),
    /** More Related lines in one record than the configured maximum. */
    TOO_MANY_RELATED("too-many-related"),
    /** The same Related kind twice in one record. */
    DUPLICATE_RELATED_KIND("duplicate-related-kind"),
    /** A title, summary or Related line over its length limit. */
    LINE_TOO_LONG("line-too-long"),
    /** A control character (other than tab) inside a line. */
    CONTROL_CHARACTER("control-character"),
    /** A title without any letter or digit, which could not identify a paper. */
    TITLE_WITHOUT_TEXT("title-without-text"),
    /** A second record with the same paper id (same normalized title) in one digest. */
    DUPLICATE_PAPER("duplicate-paper"),
    /**
     * A record whose event, once encoded, is larger than {@code paperstream.limits.max-record-bytes}: no topic
     * could carry it, so it is rejected before anything of its digest is sent.
     */
    RECORD_TOO_LARGE("record-too-large");

    private final String slug;

    RejectionCode(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
