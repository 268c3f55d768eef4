package io.paperstream.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The bounds every stage applies to a paper, whoever wrote it: ingest when it parses a digest, enrich and query when
 * they read a record from Kafka (any process with broker access can write there). The values are configured once, as
 * {@code paperstream.limits.*} in this module's {@code META-INF/microprofile-config.properties}, and each service may
 * override them in its own configuration or by environment variable.
 *
 * @param maxTitleLength  characters (code points) in a title, and in a related kind
 * @param maxSummaryLength characters (code points) in a summary
 * @param maxSourceLength characters (code points) in a source label
 * @param maxRelatedLines related kinds on one paper
 * @param maxRelatedCount largest count a related kind may carry
 * @param maxRecordBytes  bytes of one encoded record on any topic: safely below the broker's 1 MiB message limit, so
 *                        that a record a stage accepts can always be written by the next one
 */
public record PaperLimits(int maxTitleLength, int maxSummaryLength, int maxSourceLength, int maxRelatedLines,
        long maxRelatedCount, int maxRecordBytes) {

    /** Characters of a hostile value quoted in a reason: enough to find it, never the value itself. */
    private static final int QUOTED_CHARACTERS = 40;

    public PaperLimits {
        if (maxTitleLength < 1 || maxSummaryLength < 1 || maxSourceLength < 1 || maxRelatedLines < 0
                || maxRelatedCount < 0 || maxRecordBytes < 1) {
            throw new IllegalArgumentException("paper limits must be positive: " + maxTitleLength + ", "
                    + maxSummaryLength + ", " + maxSourceLength + ", " + maxRelatedLines + ", " + maxRelatedCount
                    + ", " + maxRecordBytes);
        }
    }

    /** The file that states the limits' defaults once, read by Quarkus as a config source of ordinal 100. */
    public static final String DEFAULTS_RESOURCE = "META-INF/microprofile-config.properties";
    public static final String CONFIG_PREFIX = "paperstream.limits.";

    /**
     * The limits as shipped in {@link #DEFAULTS_RESOURCE}, for code that runs outside Quarkus (the benchmark, unit
     * tests); services inject their configured limits instead.
     */
    public static PaperLimits shipped() {
        Properties properties = shippedProperties();
        return new PaperLimits(intOf(properties, "max-title-length"), intOf(properties, "max-summary-length"),
                intOf(properties, "max-source-length"), intOf(properties, "max-related-lines"),
                Long.parseLong(valueOf(properties, "max-related-count")), intOf(properties, "max-record-bytes"));
    }

    /** Other jars may ship a file of the same name: the one that states {@link #CONFIG_PREFIX} is this one. */
    public static Properties shippedProperties() {
        try {
            for (URL url : Collections.list(PaperLimits.class.getClassLoader().getResources(DEFAULTS_RESOURCE))) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                if (properties.stringPropertyNames().stream().anyMatch(name -> name.startsWith(CONFIG_PREFIX))) {
                    return properties;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + DEFAULTS_RESOURCE + " with " + CONFIG_PREFIX + "* on the classpath");
    }

    private static int intOf(Properties properties, String name) {
        return Integer.parseInt(valueOf(properties, name));
    }

    private static String valueOf(Properties properties, String name) {
        String value = properties.getProperty(CONFIG_PREFIX + name);
        if (value == null) {
            throw new IllegalStateException(CONFIG_PREFIX + name + " is not in " + DEFAULTS_RESOURCE);
        }
        return value.trim();
    }

    /** C0 controls other than tab, DEL and C1 controls: never part of a title, summary, source or related kind. */
    public static boolean isControl(char c) {
        return c < 0x20 ? c != '\t' : c >= 0x7F && c <= 0x9F;
    }

    /**
     * Why a paper's fields break these limits, or null when they hold. Checks lengths before scanning, so that a
     * hostile record costs no more than its size.
     */
    public String problemOf(String title, String summary, Map<String, Long> related, String source) {
        String problem = textProblem("title", title, maxTitleLength);
        if (problem == null) {
            problem = textProblem("summary", summary, maxSummaryLength);
        }
        if (problem == null) {
            problem = textProblem("source", source, maxSourceLength);
        }
        if (problem == null && related != null) {
            problem = relatedProblem(related);
        }
        return problem;
    }

    /** Why an encoded record of {@code bytes} cannot be written to a topic, or null when it can. */
    public String recordSizeProblem(int bytes) {
        return bytes > maxRecordBytes
                ? "the encoded record is " + bytes + " bytes, larger than the " + maxRecordBytes + "-byte record limit"
                : null;
    }

    private String relatedProblem(Map<String, Long> related) {
        if (related.size() > maxRelatedLines) {
            return "the paper has " + related.size() + " related kinds, more than the " + maxRelatedLines
                    + " allowed";
        }
        for (Map.Entry<String, Long> entry : related.entrySet()) {
            String kind = entry.getKey();
            if (kind == null || kind.isBlank()) {
                return "a related kind is blank";
            }
            String problem = textProblem("related kind", kind, maxTitleLength);
            if (problem != null) {
                return problem;
            }
            Long count = entry.getValue();
            if (count == null || count < 0 || count > maxRelatedCount) {
                return "the related count of '" + abbreviated(kind) + "' is " + count + ", outside 0.."
                        + maxRelatedCount;
            }
        }
        return null;
    }

    /**
     * Why a text breaks the rule of these limits (at most {@code maxLength} code points, no control character), or
     * null; for fields a stage bounds beyond the paper's own (e.g. a theme's slug). Null text is fine here: whether a
     * field is required is the reader's rule, not a limit.
     */
    public static String textProblem(String what, String text, int maxLength) {
        if (text == null) {
            return null;
        }
        // a String of more chars than twice the limit cannot fit in code points: reject before counting; one of at
        // most the limit in chars fits whatever its code points, so only the lengths in between are counted (a
        // summary is read for every paper, and counting it was a pass over it of its own)
        if (text.length() > 2L * maxLength
                || text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            return "the " + what + " is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                return "the " + what + " holds the control character " + String.format(Locale.ROOT, "U+%04X", (int) c)
                        + " at character " + (text.codePointCount(0, i) + 1);
            }
        }
        return null;
    }

    private static String abbreviated(String text) {
        return text.length() <= QUOTED_CHARACTERS ? text : text.substring(0, QUOTED_CHARACTERS) + "…";
    }
}
