package io.paperstream.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The stable id of a paper: a hash of its normalized title, so that the same paper arriving in two digests
 * (with other case, spacing, punctuation or Unicode composition) gets the same id.
 */
public final class PaperId {

    /** 16 bytes of SHA-256: collisions are out of reach for any realistic catalog, and ids stay short. */
    private static final int ID_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final char ASCII_MAX = 0x7F;
    /**
     * One digest per thread, reset by each {@code digest()}: looking the algorithm up among the security providers
     * for every paper showed in enrich's CPU profile, and a MessageDigest is not thread-safe.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(PaperId::sha256);

    private PaperId() {
    }

    public static String fromTitle(String title) {
        byte[] hash = SHA_256.get().digest(normalize(title).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hash, 0, ID_BYTES);
    }

    /** NFKC, lower case, every run of non-letters-or-digits collapsed to one space. */
    public static String normalize(String title) {
        if (isAscii(title)) {
            return normalizeAscii(title);
        }
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.appendCodePoint(cp);
            } else {
                pendingSpace = true;
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > ASCII_MAX) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #normalize} of an ASCII title, without the Unicode machinery it needs for other text (most titles are
     * ASCII, and enrich checks the id of every paper): ASCII is unchanged by NFKC, and its letters and digits are
     * {@code [A-Za-z0-9]}.
     */
    private static String normalizeAscii(String title) {
        StringBuilder out = new StringBuilder(title.length());
        boolean pendingSpace = false;
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                out.append(' ');
            }
            pendingSpace = false;
            out.append(c);
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
