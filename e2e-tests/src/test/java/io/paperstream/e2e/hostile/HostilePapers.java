package io.paperstream.e2e.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.paperstream.events.EventJson;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;

/** The hostile inputs of issue 15's table, generated (deterministically where the size is what matters). */
final class HostilePapers {

    /** CJK Unified Ideographs: letters of 3 UTF-8 bytes each. */
    static final int CJK_FIRST = 0x4E00;
    static final int CJK_COUNT = 0x9FFF - 0x4E00 + 1;
    /** CJK Extension B: letters of 4 UTF-8 bytes each (the most a code point takes), for the largest records. */
    static final int WIDE_LETTER_FIRST = 0x20000;
    static final int WIDE_LETTER_COUNT = 0x2A6DF - 0x20000 + 1;
    static final String SOURCE = "hostile";

    private HostilePapers() {
    }

    /** One record: a title, a summary and {@code lines} distinct {@code Related k<n> (1)} lines. */
    static String relatedLinesDigest(String title, String summary, int lines) {
        StringBuilder digest = new StringBuilder(title.length() + summary.length() + lines * 20);
        digest.append(title).append('\n').append(summary).append('\n');
        for (int i = 0; i < lines; i++) {
            digest.append("Related k").append(i).append(" (1)\n");
        }
        return digest.toString();
    }

    /** {@code count} records of a title line {@code Tiny <n>} (zero-padded, so all distinct) and a one-letter summary. */
    static byte[] tinyRecordsDigest(int count) {
        int digits = Integer.toString(count - 1).length();
        StringBuilder digest = new StringBuilder(count * (digits + 8));
        String zeros = "0".repeat(digits);
        for (int i = 0; i < count; i++) {
            String number = Integer.toString(i);
            digest.append("Tiny ").append(zeros, 0, digits - number.length()).append(number).append("\ns\n");
        }
        return digest.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code kinds} distinct related kinds ({@code k<n>}), each with count 1. */
    static Map<String, Long> manyRelatedKinds(int kinds) {
        Map<String, Long> related = new LinkedHashMap<>();
        for (int i = 0; i < kinds; i++) {
            related.put("k" + i, 1L);
        }
        return related;
    }

    /** A {@link PaperEnriched} (schema 2) as JSON, with the paper's id derived from its title as ingest would. */
    static byte[] enriched(String title, String summary, Map<String, Long> related, List<ThemeTag> themes,
            String digestId) {
        Instant now = Instant.now();
        return EventJson.toBytes(new PaperEnriched(PaperEnriched.SCHEMA_VERSION, PaperId.fromTitle(title), title,
                summary, related, digestId, SOURCE, 1, now, themes, now, SOURCE));
    }

    /** A {@link PaperParsed} as JSON, with the paper's id derived from its title as ingest would. */
    static byte[] parsed(String title, String summary, Map<String, Long> related, String digestId) {
        return EventJson.toBytes(new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(title), title, summary,
                related, digestId, SOURCE, 1, Instant.now()));
    }

    /** {@code length} CJK ideographs picked by {@code random}: a title no earlier run has sent. */
    static String cjk(int length, Random random) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(CJK_FIRST + random.nextInt(CJK_COUNT));
        }
        return text.toString();
    }

    /** {@code length} code points of 4 UTF-8 bytes each, starting from the {@code offset}-th such letter. */
    static String wideLetters(int length, int offset) {
        StringBuilder text = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(WIDE_LETTER_FIRST + (offset + i) % WIDE_LETTER_COUNT);
        }
        return text.toString();
    }

    /**
     * The largest record the limits let through, as digest lines: every field at its limit in characters, every
     * character 4 UTF-8 bytes, as many Related lines as allowed, each as long as a line may be, with the largest
     * count. No record within the limits encodes larger.
     */
    static List<String> largestAllowedRecord(PaperLimits limits, String titlePrefix) {
        List<String> lines = new ArrayList<>();
        int prefix = titlePrefix.codePointCount(0, titlePrefix.length());
        lines.add(titlePrefix + wideLetters(limits.maxTitleLength() - prefix, 0));
        lines.add(wideLetters(limits.maxSummaryLength(), 1));
        String count = Long.toString(limits.maxRelatedCount());
        // "Related " + kind + " (" + count + ")" within the line (title) length
        int kindLength = limits.maxTitleLength() - "Related ".length() - " (".length() - count.length() - 1;
        for (int i = 0; i < limits.maxRelatedLines(); i++) {
            // a lower-case first letter makes it a Related line (titles are capitalized); then a different wide
            // letter each, so the kinds are distinct
            String kind = "k" + wideLetters(1, 1_000 + i) + wideLetters(kindLength - 2, 0);
            lines.add("Related " + kind + " (" + count + ")");
        }
        return lines;
    }

    /** The {@link PaperParsed} JSON the record of {@link #largestAllowedRecord} becomes (its size is what counts). */
    static int encodedBytes(List<String> record, String source) {
        Map<String, Long> related = new LinkedHashMap<>();
        for (String line : record.subList(2, record.size())) {
            int open = line.lastIndexOf(" (");
            related.put(line.substring("Related ".length(), open), Long.parseLong(line.substring(open + 2,
                    line.length() - 1)));
        }
        return EventJson.toBytes(new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(record.get(0)),
                record.get(0), record.get(1), related, "00000000-0000-0000-0000-000000000000", source, 1,
                Instant.now())).length;
    }

    /**
     * A taxonomy of {@code themes} themes: every theme of {@code defaultYaml} (so the tagging of ordinary papers does
     * not change) and generated ones after them, theme {@code n} decided by the term {@link #generatedTerm(int)}.
     */
    @SuppressWarnings("unchecked")
    static String taxonomy(String defaultYaml, int themes, String version) {
        Map<String, Object> document = new Yaml().load(defaultYaml);
        List<Map<String, Object>> list = new ArrayList<>((List<Map<String, Object>>) document.get("themes"));
        for (int n = list.size() + 1; list.size() < themes; n++) {
            Map<String, Object> theme = new LinkedHashMap<>();
            theme.put("slug", generatedSlug(n));
            theme.put("label", "Hostile theme " + n);
            theme.put("description", "Generated theme number " + n + " of a " + themes + "-theme taxonomy.");
            theme.put("terms", Map.of(generatedTerm(n), 2.0));
            list.add(theme);
        }
        document.put("themes", list);
        document.put("version", version);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(document);
    }

    static String generatedSlug(int n) {
        return String.format(Locale.ROOT, "hostile-theme-%03d", n);
    }

    /** A phrase no real paper uses: letters only, so the term syntax takes it as plain words. */
    static String generatedTerm(int n) {
        StringBuilder letters = new StringBuilder();
        int rest = n;
        do {
            letters.append((char) ('a' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return "zorblax marker " + letters;
    }
}
