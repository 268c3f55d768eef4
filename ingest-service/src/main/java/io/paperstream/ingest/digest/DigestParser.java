package io.paperstream.ingest.digest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.paperstream.events.DigestRecords;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperLimits;

/**
 * Reads a digest: records of a title line, a one-paragraph summary line directly after it, then zero or more
 * {@code Related <kind> (<n>)} lines; records follow each other directly or with blank lines between them.
 * <p>
 * One pass over the text, no regular expressions, no copy of a line unless it ends up in a record or a
 * rejection. Tolerates CRLF, CR or LF line ends, a byte order mark, blank lines, surrounding whitespace and any
 * Unicode. A record with a problem is rejected with the line and the reason, and parsing goes on with the next
 * record, so one bad record never costs the good ones. Never throws except {@link UnreadableDigestException} for
 * a body that is not UTF-8 text at all, and {@link TooManyRecordsException} at the first record beyond
 * {@code max-records-per-digest} (so what a parse holds is bounded by the limits, not by the body). Pure and
 * thread-safe.
 */
public final class DigestParser {

    private static final String RELATED_SHAPE = "expected 'Related <kind> (<count>)'";
    private static final int UTF8_BOM_LENGTH = 3;
    /** Characters of a bad value quoted in a reason; the rest is elided so reasons stay readable. */
    private static final int QUOTE_LIMIT = 40;

    private final DigestLimits limits;
    private final PaperLimits paper;

    public DigestParser(DigestLimits limits) {
        this.limits = limits;
        this.paper = limits.paper();
    }

    /**
     * Parses a digest body sent as UTF-8 bytes.
     *
     * @throws UnreadableDigestException when the body is empty, binary or not UTF-8
     * @throws TooManyRecordsException   when it holds more records than {@code max-records-per-digest}
     */
    public ParsedDigest parse(byte[] body) {
        return parse(body, body.length);
    }

    /** Parses the first {@code length} bytes of {@code body}: a read buffer needs no copy to its exact size. */
    public ParsedDigest parse(byte[] body, int length) {
        return parse(decode(body, length));
    }

    /**
     * Parses a digest already decoded to text.
     *
     * @throws UnreadableDigestException when the text holds NUL characters or no record at all
     * @throws TooManyRecordsException   when it holds more records than {@code max-records-per-digest}; thrown
     *                                   at the first record beyond it, before that record is read
     */
    public ParsedDigest parse(String text) {
        Run run = new Run(text);
        run.scan();
        if (run.records.isEmpty() && run.rejected.isEmpty()) {
            throw new UnreadableDigestException(UnreadableDigestException.Kind.EMPTY,
                    "the digest has no records: the body is empty or holds only blank lines");
        }
        return new ParsedDigest(run.records, run.rejected);
    }

    /**
     * Decodes UTF-8, dropping a leading byte order mark. The JDK's decoder is the fastest path but replaces bad
     * bytes with U+FFFD silently, so a strict check runs only when a U+FFFD shows up (rare in real text).
     */
    public static String decode(byte[] body, int length) {
        if (length == 0) {
            throw new UnreadableDigestException(UnreadableDigestException.Kind.EMPTY, "the request body is empty");
        }
        int start = hasUtf8Bom(body, length) ? UTF8_BOM_LENGTH : 0;
        String text = new String(body, start, length - start, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            requireStrictUtf8(body, start, length);
        }
        return text;
    }

    private static boolean hasUtf8Bom(byte[] body, int length) {
        return length >= UTF8_BOM_LENGTH
                && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    private static void requireStrictUtf8(byte[] body, int start, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, start, length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                int offset = in.position();
                throw new UnreadableDigestException(UnreadableDigestException.Kind.NOT_UTF8,
                        "the body is not valid UTF-8: malformed byte sequence at byte offset " + offset
                                + " (line " + lineAt(body, offset) + ")");
            }
            if (result.isOverflow()) {
                out.clear();
            } else {
                return;
            }
        }
    }

    private static int lineAt(byte[] body, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String describeControl(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private static String quote(String value) {
        return value.length() <= QUOTE_LIMIT ? "'" + value + "'" : "'" + value.substring(0, QUOTE_LIMIT) + "…'";
    }

    /** A record (or orphan Related lines) being read: offsets into the text, so nothing is copied early. */
    private static final class Block {
        final int firstLine;
        final int start;
        int end;
        int titleStart;
        int titleEnd;
        int summaryStart;
        int summaryEnd;
        Map<String, Long> related;
        int problemLine;
        RejectionCode problem;
        String reason;

        Block(int firstLine, int start) {
            this.firstLine = firstLine;
            this.start = start;
            this.end = start;
        }

        /** Keeps the first problem of a block: later ones are usually consequences of it. */
        void reject(int line, RejectionCode code, String why) {
            if (problem == null) {
                problemLine = line;
                problem = code;
                reason = why;
            }
        }
    }

    /** The state of one parse: the shared layout finds the records, this checks each one. */
    private final class Run implements DigestRecords.Listener {
        final String text;
        final List<DigestRecord> records = new ArrayList<>();
        final List<RejectedBlock> rejected = new ArrayList<>();
        final Map<String, Integer> lineById = new HashMap<>();
        Block block;
        int blocks;

        Run(String text) {
            this.text = text;
        }

        void scan() {
            DigestRecords.scan(text, this);
            finishBlock();
        }

        @Override
        public void nulCharacter(int line) {
            throw new UnreadableDigestException(UnreadableDigestException.Kind.BINARY,
                    "the body looks binary: NUL character on line " + line);
        }

        /** A record (or orphan Related lines) starts on this line: refuse the digest once it is one too many. */
        @Override
        public void blockStart(int number, int s) {
            finishBlock();
            if (++blocks > limits.maxRecordsPerDigest()) {
                throw new TooManyRecordsException(limits.maxRecordsPerDigest(), number);
            }
            block = new Block(number, s);
        }

        @Override
        public void missingSummary(int titleLine, int number, DigestRecords.MissingSummary why) {
            String shows = switch (why) {
                case BLANK_LINE -> "line " + number + " is blank, and the summary must directly follow its title";
                case RELATED_LINE -> "line " + number + " is a Related line";
                case END_OF_DIGEST -> "the digest ends after line " + number;
            };
            block.reject(titleLine, RejectionCode.MISSING_SUMMARY,
                    "the title on line " + titleLine + " has no summary: " + shows);
        }

        @Override
        public void summary(int number, int s, int e, int control) {
            block.summaryStart = s;
            block.summaryEnd = e;
            block.end = e;
            checkControl(number, "summary", s, control);
            checkLength(number, "summary", s, e, paper.maxSummaryLength());
        }

        @Override
        public void title(int number, int s, int e, int control) {
            block.end = e;
            block.titleStart = s;
            block.titleEnd = e;
            checkControl(number, "title", s, control);
            checkLength(number, "title", s, e, paper.maxTitleLength());
            if (block.problem == null && !hasLetterOrDigit(s, e)) {
                block.reject(number, RejectionCode.TITLE_WITHOUT_TEXT,
                        "the title on line " + number + " has no letter or digit, so it cannot identify a paper");
            }
        }

        @Override
        public void related(int number, int s, int e, int control, boolean beforeAnyTitle) {
            if (beforeAnyTitle) {
                block.reject(number, RejectionCode.RELATED_WITHOUT_RECORD,
                        "line " + number + " is a Related line before any title");
            }
            block.end = e;
            checkControl(number, "Related line", s, control);
            checkLength(number, "Related line", s, e, paper.maxTitleLength());
            if (block.problem == null) {
                addRelated(number, s, e);
            }
        }

        /** {@code Related <kind> (<count>)}: kind is lower-case words, count a whole number within bounds. */
        private void addRelated(int number, int s, int e) {
            int kindStart = s + DigestRecords.relatedPrefixLength();
            int open = text.lastIndexOf('(', e - 1);
            if (text.charAt(e - 1) != ')' || open < kindStart) {
                block.reject(number, RejectionCode.MALFORMED_RELATED,
                        "line " + number + " starts with 'Related' but is not a Related line: " + RELATED_SHAPE);
                return;
            }
            String kind = normalizeKind(kindStart, open);
            if (kind == null) {
                block.reject(number, RejectionCode.MALFORMED_RELATED, "line " + number + ": the Related kind "
                        + quote(text.substring(kindStart, open).strip())
                        + " must be lower-case words (letters, digits, hyphens); " + RELATED_SHAPE);
                return;
            }
            String count = text.substring(open + 1, e - 1).strip();
            long value = parseCount(number, count);
            if (value < 0) {
                return;
            }
            if (block.related == null) {
                block.related = new LinkedHashMap<>();
            }
            if (block.related.size() >= paper.maxRelatedLines()) {
                block.reject(number, RejectionCode.TOO_MANY_RELATED, "line " + number + ": the record whose title is"
                        + " on line " + block.firstLine + " has more than " + paper.maxRelatedLines()
                        + " Related lines");
                return;
            }
            if (block.related.putIfAbsent(kind, value) != null) {
                block.reject(number, RejectionCode.DUPLICATE_RELATED_KIND, "line " + number + ": Related kind '"
                        + kind + "' appears twice in the record whose title is on line " + block.firstLine);
            }
        }

        /** Lower-cased, single-spaced kind, or null when it holds anything but letters, digits, hyphens, spaces. */
        private String normalizeKind(int from, int to) {
            StringBuilder kind = new StringBuilder(to - from);
            boolean pendingSpace = false;
            for (int i = from; i < to; ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    pendingSpace = kind.length() > 0;
                } else if (Character.isLetterOrDigit(cp) || cp == '-') {
                    if (pendingSpace) {
                        kind.append(' ');
                        pendingSpace = false;
                    }
                    kind.appendCodePoint(Character.toLowerCase(cp));
                } else {
                    return null;
                }
            }
            return kind.length() == 0 ? null : kind.toString();
        }

        /** The count, or -1 after rejecting the block with the reason. Only ASCII digits: no signs, no separators. */
        private long parseCount(int number, String count) {
            if (count.isEmpty()) {
                block.reject(number, RejectionCode.INVALID_RELATED_COUNT,
                        "line " + number + ": the Related count is missing; " + RELATED_SHAPE);
                return -1;
            }
            boolean negative = count.charAt(0) == '-';
            int firstDigit = negative ? 1 : 0;
            if (firstDigit == count.length() || !allAsciiDigits(count, firstDigit)) {
                block.reject(number, RejectionCode.INVALID_RELATED_COUNT, "line " + number + ": the Related count "
                        + quote(count) + " is not a whole number");
                return -1;
            }
            if (negative) {
                block.reject(number, RejectionCode.INVALID_RELATED_COUNT,
                        "line " + number + ": the Related count " + quote(count) + " is negative");
                return -1;
            }
            long value;
            try {
                value = Long.parseLong(count);
            } catch (NumberFormatException overflow) {
                block.reject(number, RejectionCode.INVALID_RELATED_COUNT, "line " + number + ": the Related count "
                        + quote(count) + " overflows (largest possible is " + Long.MAX_VALUE + ")");
                return -1;
            }
            if (value > paper.maxRelatedCount()) {
                block.reject(number, RejectionCode.INVALID_RELATED_COUNT, "line " + number + ": the Related count "
                        + value + " is above the maximum of " + paper.maxRelatedCount());
                return -1;
            }
            return value;
        }

        private boolean allAsciiDigits(String value, int from) {
            for (int i = from; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private void checkControl(int number, String what, int s, int control) {
            if (control >= 0) {
                block.reject(number, RejectionCode.CONTROL_CHARACTER, "line " + number + ": the " + what
                        + " holds the control character " + describeControl(text.charAt(control))
                        + " at column " + (control - s + 1));
            }
        }

        /** Limits count code points; the cheap char length decides first, since it is never below them. */
        private void checkLength(int number, String what, int s, int e, int limit) {
            if (e - s > limit) {
                int characters = text.codePointCount(s, e);
                if (characters > limit) {
                    block.reject(number, RejectionCode.LINE_TOO_LONG, "line " + number + ": the " + what + " has "
                            + characters + " characters, more than the limit of " + limit);
                }
            }
        }

        private boolean hasLetterOrDigit(int s, int e) {
            for (int i = s; i < e; ) {
                int cp = text.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    return true;
                }
                i += Character.charCount(cp);
            }
            // NFKC may still turn symbols such as circled letters into letters: the paper id has the last word
            return !PaperId.normalize(text.substring(s, e)).isEmpty();
        }

        private void finishBlock() {
            Block done = block;
            block = null;
            if (done == null) {
                return;
            }
            if (done.problem == null) {
                String title = text.substring(done.titleStart, done.titleEnd);
                String id = PaperId.fromTitle(title);
                Integer earlier = lineById.putIfAbsent(id, done.firstLine);
                if (earlier == null) {
                    records.add(new DigestRecord(id, done.firstLine, title,
                            text.substring(done.summaryStart, done.summaryEnd),
                            done.related == null ? Map.of() : Collections.unmodifiableMap(done.related)));
                    return;
                }
                done.reject(done.firstLine, RejectionCode.DUPLICATE_PAPER, "the title on line " + done.firstLine
                        + " is the same paper as the title on line " + earlier + " (paper id " + id
                        + "); the first one is kept");
            }
            rejected.add(rejection(done));
        }

        private RejectedBlock rejection(Block done) {
            return RejectedBlock.cut(done.problemLine, done.problem, done.reason, text.substring(done.start,
                    (int) Math.min(done.end, (long) done.start + limits.maxRejectedTextLength() + 1)),
                    limits.maxRejectedTextLength());
        }
    }
}
