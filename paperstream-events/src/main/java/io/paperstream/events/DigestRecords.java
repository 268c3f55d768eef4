package io.paperstream.events;

/**
 * Where the records of a digest begin and end: the one statement of the digest format's layout, shared by
 * ingest's parser (which validates each record) and the client kit's splitter (which cuts big files at record
 * boundaries), so the two can never disagree on where a record starts.
 * <p>
 * A record is a title line, a summary line directly after it, then zero or more {@code Related <kind> (<n>)}
 * lines; records follow each other directly or with blank lines between them. Related lines before any title
 * form a block of their own (which ingest rejects). Lines end with CR, LF or CRLF; padding (whitespace, stray
 * byte order marks) at a line's ends means nothing. Only the layout lives here: lengths, counts, kinds and
 * control characters are the parser's business. Not thread-safe: one instance per digest.
 */
public final class DigestRecords {

    private static final String RELATED_PREFIX = "Related ";

    /** Why a title got no summary. */
    public enum MissingSummary {
        BLANK_LINE, RELATED_LINE, END_OF_DIGEST
    }

    /**
     * What the layout finds, line by line. Offsets {@code s} (inclusive) and {@code e} (exclusive) index the text
     * of the line as handed to {@link #line}, padding already trimmed; {@code control} is the index of the first
     * control character between them, or -1.
     */
    public interface Listener {

        /** A line holds a NUL character: called before anything else is said about that line. */
        default void nulCharacter(int line) {
        }

        /** A new block starts on this line: a title, or a Related line before any title (then told apart by
         *  {@link #related} with {@code beforeAnyTitle}). The previous block, if any, is complete. */
        void blockStart(int line, int s);

        void title(int line, int s, int e, int control);

        void summary(int line, int s, int e, int control);

        void related(int line, int s, int e, int control, boolean beforeAnyTitle);

        /** The title on {@code titleLine} got no summary; {@code line} is the line that shows it. */
        void missingSummary(int titleLine, int line, MissingSummary why);
    }

    private enum State {
        /** Before any block. */
        NONE,
        /** Only the title has been read: the next line must be the summary. */
        AWAITING_SUMMARY,
        /** Past the summary (or past the point where it was missing): Related lines may follow. */
        TAKING_RELATED
    }

    private final Listener listener;
    private State state = State.NONE;
    private int titleLine;

    public DigestRecords(Listener listener) {
        this.listener = listener;
    }

    /**
     * Scans a whole text (a byte order mark already dropped), line by line, then {@link #end}s it.
     *
     * @return the number of lines
     */
    public static int scan(String text, Listener listener) {
        DigestRecords layout = new DigestRecords(listener);
        int length = text.length();
        int pos = 0;
        int lineNumber = 0;
        while (pos < length) {
            lineNumber++;
            int lineStart = pos;
            int firstControl = -1;
            int i = pos;
            char terminator = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    terminator = c;
                    break;
                }
                if (PaperLimits.isControl(c)) {
                    if (c == 0) {
                        listener.nulCharacter(lineNumber);
                    }
                    if (firstControl < 0) {
                        firstControl = i;
                    }
                }
            }
            pos = i + 1;
            if (terminator == '\r' && pos < length && text.charAt(pos) == '\n') {
                pos++;
            }
            layout.line(lineNumber, text, lineStart, i, firstControl);
        }
        layout.end(lineNumber);
        return lineNumber;
    }

    /**
     * One line, without its terminator: {@code text[lineStart, lineEnd)}. {@code firstControl} is the index of
     * its first control character, or -1 (see {@link #firstControl}).
     */
    public void line(int number, String text, int lineStart, int lineEnd, int firstControl) {
        int s = lineStart;
        int e = lineEnd;
        while (s < e && isPadding(text.charAt(s))) {
            s++;
        }
        while (e > s && isPadding(text.charAt(e - 1))) {
            e--;
        }
        if (s == e) {
            if (state == State.AWAITING_SUMMARY) {
                state = State.TAKING_RELATED;
                listener.missingSummary(titleLine, number, MissingSummary.BLANK_LINE);
            }
            return;
        }
        int control = firstControl < 0 ? -1 : firstControl < s ? firstControl(text, s, e) : firstControl < e
                ? firstControl : -1;
        if (isRelatedLine(text, s, e)) {
            boolean beforeAnyTitle = state == State.NONE;
            if (beforeAnyTitle) {
                listener.blockStart(number, s);
            } else if (state == State.AWAITING_SUMMARY) {
                listener.missingSummary(titleLine, number, MissingSummary.RELATED_LINE);
            }
            state = State.TAKING_RELATED;
            listener.related(number, s, e, control, beforeAnyTitle);
        } else if (state == State.AWAITING_SUMMARY) {
            state = State.TAKING_RELATED;
            listener.summary(number, s, e, control);
        } else {
            listener.blockStart(number, s);
            state = State.AWAITING_SUMMARY;
            titleLine = number;
            listener.title(number, s, e, control);
        }
    }

    /** The digest ends after {@code lastLine}. */
    public void end(int lastLine) {
        if (state == State.AWAITING_SUMMARY) {
            state = State.TAKING_RELATED;
            listener.missingSummary(titleLine, lastLine, MissingSummary.END_OF_DIGEST);
        }
    }

    /** Index of the first control character of {@code text[s, e)}, or -1. */
    public static int firstControl(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (PaperLimits.isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Characters that a line may carry at its ends without meaning anything: spaces, tabs, stray BOMs. */
    public static boolean isPadding(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    /**
     * "Related " followed by a lower-case letter (a kind) or "(" (a kind left out). Titles are capitalized, so
     * "Related Work (Extended Version)" stays a title; a title starting with "Related" and a lower-case word
     * would be read as a (malformed) Related line.
     */
    public static boolean isRelatedLine(String text, int s, int e) {
        int next = s + RELATED_PREFIX.length();
        if (next >= e || !text.startsWith(RELATED_PREFIX, s)) {
            return false;
        }
        int cp = text.codePointAt(next);
        return Character.isLowerCase(cp) || cp == '(';
    }

    /** Length of the {@code "Related "} prefix every Related line starts with. */
    public static int relatedPrefixLength() {
        return RELATED_PREFIX.length();
    }
}
