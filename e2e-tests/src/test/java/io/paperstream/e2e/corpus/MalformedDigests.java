package io.paperstream.e2e.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile request bodies for ingest, generated deterministically from a case number (so a failing case can
 * be replayed alone): random bytes, broken UTF-8, deep Unicode, control characters, overflowing Related
 * counts, broken record structure, wrong content types and credentials, empty bodies. Mostly small; a few
 * bodies around the size limit are made separately ({@link #aroundTheLimit}).
 */
public final class MalformedDigests {

    /** How a case goes on the wire. */
    public enum Transport {
        /** The JDK's HttpClient with a Content-Length. */
        CLIENT,
        /** A bare socket declaring a Content-Length, reading the answer while the body is still being written. */
        RAW_DECLARED_LENGTH,
        /** A bare socket with Transfer-Encoding: chunked, so the server only learns the size by reading. */
        RAW_CHUNKED
    }

    /**
     * One request to send, with the statuses a correct ingest may answer it (from what the case is, by the API's
     * documented answers; never 5xx: nothing here is the server's fault or a retry's business).
     * {@code contentType} null: header left out.
     */
    public record Case(int number, String kind, byte[] body, String contentType, boolean withToken,
            Transport transport, Set<Integer> expected) {

        Case(int number, String kind, byte[] body, String contentType, boolean withToken, Set<Integer> expected) {
            this(number, kind, body, contentType, withToken, Transport.CLIENT, expected);
        }
    }

    /** A digest some of whose records may be valid: accepted (202) or, when none is, unprocessable (422). */
    public static final Set<Integer> RECORDS_JUDGED = Set.of(202, 422);
    public static final Set<Integer> BAD_REQUEST = Set.of(400);
    public static final Set<Integer> UNAUTHORIZED = Set.of(401);
    public static final Set<Integer> TOO_LARGE = Set.of(413);
    public static final Set<Integer> UNSUPPORTED_MEDIA_TYPE = Set.of(415);
    public static final Set<Integer> NO_VALID_RECORD = Set.of(422);
    public static final Set<Integer> ACCEPTED = Set.of(202);

    /** The main kinds and how often each comes up (weights). */
    private enum Kind {
        RANDOM_BYTES(10), BROKEN_UTF8(10), DEEP_UNICODE(14), CONTROL_CHARACTERS(10), RELATED_OVERFLOW(12),
        BROKEN_STRUCTURE(14), MUTATED_VALID(14), WRONG_CONTENT_TYPE(8), EMPTY(3), CREDENTIALS(3), LONG_LINES(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private static final int TOTAL_WEIGHT = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

    private static final String TEXT_PLAIN = "text/plain; charset=UTF-8";
    static final String WILDCARD_TEXT = "text/*";
    private static final List<String> WRONG_CONTENT_TYPES = List.of("application/json", "application/octet-stream",
            "multipart/form-data; boundary=xyz", "text/html", "text/plain; charset=ISO-8859-1",
            "text/plain; charset=UTF-16", "text/plain; charset=\"", "text/plain; charset=no-such-charset",
            "application/x-www-form-urlencoded", "%%%/%%%", MalformedDigests.WILDCARD_TEXT, "image/png", "");
    private static final List<String> RELATED_COUNTS = List.of("99999999999999999999999", "9223372036854775807",
            "9223372036854775808", "-1", "-0", "", " ", "1e9", "0x10", "1,000", "١٢٣", "１２", "+5", "1.5", "NaN",
            "2147483648", "00000000000000000000000000001", "12 34", "(3)", "999999999999999999999999999999999999");
    private static final List<String> RELATED_KINDS = List.of("guides", "x", "events", "", "Guides", "gu!des",
            "ευρήματα", "events events", "a-b", "   ", "(", "🙂", "kind\u0301");

    /** Pieces of Unicode that break naive code: combining marks, bidi controls, emoji sequences, odd spaces. */
    private static final List<String> UNICODE = List.of(
            "\u0301\u0301\u0301\u0301\u0301\u0301", "\u202E", "\u202D", "\u2066\u2067\u2068\u2069", "\u200F",
            "\u200B", "\u2060", "\uFEFF", "\u00A0", "\u3000", "\u2028", "\u2029", "\u0085",
            "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "\uD83D\uDE00", "ﷺ", "\uFDFA", "ﬁ", "Ⅻ", "①", "Å", "Å", "ǅ", "İ", "ß", "ẞ",
            "עברית", "العربية", "中文标题", "日本語", "한국어", "देवनागरी", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\uFFFF", "\uFFFE",
            "\uFFFD", "\uE000", "\uDBFF\uDFFF", "Z\u0351\u0352\u0357\u0358\u035B\u0346\u0310\u0303\u0300");

    private MalformedDigests() {
    }

    /** The case with this number; the same number always gives the same case. */
    public static Case generate(int number) {
        Random random = new Random(0x5EED_0000L + number);
        int pick = random.nextInt(TOTAL_WEIGHT);
        Kind kind = Kind.values()[0];
        for (Kind candidate : Kind.values()) {
            if (pick < candidate.weight) {
                kind = candidate;
                break;
            }
            pick -= candidate.weight;
        }
        String name = kind.name().toLowerCase();
        return switch (kind) {
            case RANDOM_BYTES -> bytes(number, name, randomBytes(random, 1 + random.nextInt(2048)));
            case BROKEN_UTF8 -> new Case(number, name, brokenUtf8(random), TEXT_PLAIN, true, BAD_REQUEST);
            case DEEP_UNICODE -> text(number, name, deepUnicode(random));
            case CONTROL_CHARACTERS -> text(number, name, controlCharacters(random));
            case RELATED_OVERFLOW -> text(number, name, relatedOverflow(random));
            case BROKEN_STRUCTURE -> brokenStructure(number, name, random);
            case MUTATED_VALID -> bytes(number, name, mutate(random, validDigest(random, 1 + random.nextInt(4))));
            case WRONG_CONTENT_TYPE -> {
                String type = WRONG_CONTENT_TYPES.get(random.nextInt(WRONG_CONTENT_TYPES.size()));
                boolean omitted = random.nextInt(10) == 0;
                yield new Case(number, name + (omitted ? " (no header)" : " '" + type + "'"),
                        validDigest(random, 1).getBytes(StandardCharsets.UTF_8), omitted ? null : type, true,
                        // a wildcard type is compatible with text/plain in JAX-RS matching: taken as text
                        !omitted && type.equals(WILDCARD_TEXT) ? Set.of(202, 415) : UNSUPPORTED_MEDIA_TYPE);
            }
            case EMPTY -> {
                boolean typed = random.nextBoolean();
                // the media type is judged before the body is read
                yield new Case(number, name, List.of(new byte[0], " \n\n\t\r\n".getBytes(StandardCharsets.UTF_8),
                        new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "\n".repeat(1000).getBytes(StandardCharsets.UTF_8))
                        .get(random.nextInt(4)), typed ? TEXT_PLAIN : null, true,
                        typed ? BAD_REQUEST : UNSUPPORTED_MEDIA_TYPE);
            }
            case CREDENTIALS -> new Case(number, name, validDigest(random, 1).getBytes(StandardCharsets.UTF_8),
                    TEXT_PLAIN, false, UNAUTHORIZED);
            case LONG_LINES -> text(number, name, longLines(random));
        };
    }

    /** Bodies just under, at and just over the byte limit, and far over it, declared or chunked. */
    public static List<Case> aroundTheLimit(long limit) {
        int under = (int) Math.min(Integer.MAX_VALUE - 16, limit - 64);
        // within the limit: one record whose summary is far over any summary length limit, so none is valid
        return List.of(
                new Case(-1, "one line just under the limit", oneHugeLine(under), TEXT_PLAIN, true, NO_VALID_RECORD),
                new Case(-2, "exactly the limit", oneHugeLine((int) limit), TEXT_PLAIN, true, NO_VALID_RECORD),
                new Case(-3, "one byte over the limit, declared", oneHugeLine((int) limit + 1), TEXT_PLAIN, true,
                        Transport.RAW_DECLARED_LENGTH, TOO_LARGE),
                new Case(-4, "a megabyte over the limit, declared", oneHugeLine((int) limit + (1 << 20)), TEXT_PLAIN,
                        true, Transport.RAW_DECLARED_LENGTH, TOO_LARGE),
                new Case(-5, "one byte over the limit, chunked", oneHugeLine((int) limit + 1), TEXT_PLAIN, true,
                        Transport.RAW_CHUNKED, TOO_LARGE));
    }

    private static byte[] oneHugeLine(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        // a title line and a summary that is the rest: the parser must reject or accept it, not fall over
        byte[] head = "A Huge Record\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, Math.min(head.length, size));
        return body;
    }

    private static Case text(int number, String kind, String text) {
        return bytes(number, kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Case bytes(int number, String kind, byte[] body) {
        return new Case(number, kind, body, TEXT_PLAIN, true, expectedFor(body));
    }

    /**
     * What a text/plain body may get, from the body alone: not UTF-8, or holding a NUL (binary), or nothing but
     * blank lines is a bad request; any other text has records to judge.
     */
    static Set<Integer> expectedFor(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return BAD_REQUEST;
        }
        if (text.indexOf('\0') >= 0 || text.codePoints().allMatch(MalformedDigests::isBlank)) {
            return BAD_REQUEST;
        }
        return RECORDS_JUDGED;
    }

    /** Any Unicode white space, and the byte order mark, make a line blank. */
    private static boolean isBlank(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Valid text with invalid UTF-8 spliced in: surrogates encoded as bytes, overlong forms, truncations. */
    private static byte[] brokenUtf8(Random random) {
        List<byte[]> invalid = List.of(
                new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },            // high surrogate as bytes
                new byte[] { (byte) 0xED, (byte) 0xBF, (byte) 0xBF },            // low surrogate as bytes
                new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80 }, // CESU-8 pair
                new byte[] { (byte) 0xC0, (byte) 0x80 },                         // overlong NUL
                new byte[] { (byte) 0xC0, (byte) 0xAF },                         // overlong '/'
                new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF },            // overlong, 3 bytes
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, // above U+10FFFF
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, // 5-byte form
                new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xBF },          // lone continuation bytes
                new byte[] { (byte) 0xFE }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xE2, (byte) 0x82 },                         // truncated 3-byte sequence
                new byte[] { (byte) 0xF0, (byte) 0x9F, (byte) 0x98 });           // truncated emoji
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String valid = validDigest(random, 1 + random.nextInt(3));
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(bytes.length + 1);
        out.write(bytes, 0, at);
        out.writeBytes(invalid.get(random.nextInt(invalid.size())));
        out.write(bytes, at, bytes.length - at);
        if (random.nextBoolean()) {
            out.writeBytes(invalid.get(random.nextInt(invalid.size()))); // at the very end, too
        }
        return out.toByteArray();
    }

    private static String deepUnicode(Random random) {
        StringBuilder digest = new StringBuilder();
        int records = 1 + random.nextInt(4);
        for (int r = 0; r < records; r++) {
            digest.append(unicodeLine(random, 2 + random.nextInt(30))).append('\n');
            digest.append(unicodeLine(random, 5 + random.nextInt(80))).append('\n');
            if (random.nextBoolean()) {
                digest.append("Related ").append(unicodeLine(random, 1)).append(" (").append(random.nextInt(100))
                        .append(")\n");
            }
        }
        if (random.nextInt(5) == 0) {
            // thousands of combining marks on one letter
            digest.insert(0, "Z" + "\u0336\u0301\u0327".repeat(1 + random.nextInt(3000)) + "\n");
        }
        return digest.toString();
    }

    private static String unicodeLine(Random random, int pieces) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            line.append(random.nextInt(3) == 0 ? "word" + random.nextInt(1000) + " "
                    : UNICODE.get(random.nextInt(UNICODE.size())));
        }
        return line.toString();
    }

    private static String controlCharacters(Random random) {
        String digest = validDigest(random, 1 + random.nextInt(3));
        StringBuilder out = new StringBuilder(digest);
        int insertions = 1 + random.nextInt(5);
        for (int i = 0; i < insertions; i++) {
            int code = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);            // C0, NUL included
                case 1 -> 0x7F + random.nextInt(0x21);     // DEL and C1
                case 2 -> '\r';                            // a lone CR
                default -> '\f';
            };
            out.insert(random.nextInt(out.length() + 1), (char) code);
        }
        return out.toString();
    }

    private static String relatedOverflow(Random random) {
        StringBuilder digest = new StringBuilder(validDigest(random, 1));
        int lines = 1 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            String kind = RELATED_KINDS.get(random.nextInt(RELATED_KINDS.size()));
            String count = RELATED_COUNTS.get(random.nextInt(RELATED_COUNTS.size()));
            digest.append("Related ").append(kind).append(kind.isEmpty() ? "" : " ").append('(').append(count)
                    .append(random.nextInt(8) == 0 ? "" : ")").append('\n');
        }
        if (random.nextBoolean()) {
            digest.append(validDigest(random, 1)); // a good record after the bad one
        }
        return digest.toString();
    }

    /** Each broken structure with what it must get: no valid record (422), or a valid one besides (202). */
    private static Case brokenStructure(int number, String kind, Random random) {
        String title = "Broken Structure " + random.nextLong();
        int variant = random.nextInt(10);
        String text = switch (variant) {
            case 0 -> title + "\n";                                            // title, no summary
            case 1 -> "Related guides (3)\nRelated events (4)\n";              // Related lines only
            case 2 -> title + "\nRelated guides (3)\n";                        // Related where the summary goes
            case 3 -> title + "\n\n" + "A summary after a blank line.\n";      // blank between title and summary
            case 4 -> (title + "\nSame paper twice.\n").repeat(2);             // duplicate in one digest
            case 5 -> "!!! ... ???\nA summary for a title with no letters.\n"; // title without text
            case 6 -> (title + "\r\nWindows line ends.\r\n").repeat(3);       // the first of three copies is valid
            case 7 -> (title + "\rOld Mac line ends.\r");
            case 8 -> "\n".repeat(random.nextInt(500)) + title + "\nSummary.\n" + "\n".repeat(random.nextInt(500));
            default -> validDigest(random, 1) + "Related guides (1)\nRelated guides (2)\n"; // duplicate kind
        };
        Set<Integer> expected = switch (variant) {
            case 4, 6, 7, 8 -> ACCEPTED;
            default -> NO_VALID_RECORD;
        };
        return new Case(number, kind + " #" + variant, text.getBytes(StandardCharsets.UTF_8), TEXT_PLAIN, true,
                expected);
    }

    /** A valid digest with a few random bytes flipped, dropped or duplicated. */
    private static byte[] mutate(Random random, String digest) {
        byte[] bytes = digest.getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(6);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(3)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> bytes[at] = (byte) "\n\r()\t".charAt(random.nextInt(5));
            }
        }
        return bytes;
    }

    private static String longLines(Random random) {
        // around the title (1000) and summary (20000) character limits of the default configuration
        int titleLength = 990 + random.nextInt(20);
        int summaryLength = 19_990 + random.nextInt(20);
        return "T".repeat(titleLength) + "\n" + "s".repeat(summaryLength) + "\n"
                + "Related " + "k".repeat(990 + random.nextInt(20)) + " (1)\n";
    }

    /** Well-formed records with unique titles, to carry the malformations. */
    static String validDigest(Random random, int records) {
        StringBuilder digest = new StringBuilder();
        for (int i = 0; i < records; i++) {
            digest.append("Fuzz Paper ").append(Long.toHexString(random.nextLong())).append(" on Reinforcement Learning\n")
                    .append("We study reinforcement learning for fuzzing parsers; results follow.\n");
            if (random.nextBoolean()) {
                digest.append("Related guides (").append(random.nextInt(50)).append(")\n");
            }
        }
        return digest.toString();
    }
}
