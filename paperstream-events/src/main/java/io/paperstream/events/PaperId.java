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

    private PaperId() {
    }

    public static String fromTitle(String title) {
        byte[] hash = sha256().digest(normalize(title).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, ID_BYTES);
    }

    /** NFKC, lower case, every run of non-letters-or-digits collapsed to one space. */
    public static String normalize(String title) {
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
