package io.paperstream.ingest.digest;

/**
 * A part of a digest that is not a valid record: a record with a problem (with the lines that belong to it) or
 * {@code Related} lines that belong to no record.
 *
 * @param line      1-based line the problem is on
 * @param code      what kind of problem it is
 * @param reason    the problem, readable by whoever wrote the digest
 * @param text      the rejected lines exactly as sent, cut to the configured length
 * @param truncated whether {@code text} was cut
 */
public record RejectedBlock(int line, RejectionCode code, String reason, String text, boolean truncated) {

    /** A rejected block whose text is cut to {@code maxTextLength} characters, never inside a surrogate pair. */
    public static RejectedBlock cut(int line, RejectionCode code, String reason, String text, int maxTextLength) {
        if (text.length() <= maxTextLength) {
            return new RejectedBlock(line, code, reason, text, false);
        }
        int end = maxTextLength;
        // never split a surrogate pair: the cut text must stay valid UTF-16, hence valid UTF-8
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return new RejectedBlock(line, code, reason, text.substring(0, end), true);
    }
}
