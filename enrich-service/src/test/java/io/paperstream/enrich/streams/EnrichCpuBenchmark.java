package io.paperstream.enrich.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paperstream.enrich.metrics.EnrichMetrics;
import io.paperstream.enrich.tagging.TaxonomyLoader;
import io.paperstream.enrich.tagging.ThemeTagger;
import io.paperstream.events.EventJson;
import io.paperstream.events.InvalidEventException;
import io.paperstream.events.IsoInstants;
import io.paperstream.events.PaperEnriched;
import io.paperstream.events.PaperId;
import io.paperstream.events.PaperLimits;
import io.paperstream.events.PaperParsed;
import io.paperstream.events.ThemeTag;
import io.paperstream.events.TopicNames;

/**
 * CPU per paper of the enrich topology (validate, tag, serialize; Kafka Streams' own work as the test driver does it)
 * with each way of handling the event JSON, over the same real arXiv abstracts
 * ({@code shared/data/arxiv-abstracts-100k.txt.gz}), measured as the CPU time of the current thread. The variants
 * run one after another, in a rotating order, several rounds in one JVM: on a shared, noisy machine only the ratios
 * of one run mean anything. Each variant is checked first to write the same JSON as the first. The variants differ
 * only in what they do with JSON, limits and ids; "before" is the code as it was (kept here, in test scope). Run from
 * the repository root (the reactor resolves paperstream-events to its target/classes; nothing is installed):
 *
 * <pre>
 * ./mvnw -o -q -pl enrich-service -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=/tmp/enrich-cp.txt
 * cd enrich-service &amp;&amp; java -Xmx512m -cp target/test-classes:target/classes:$(cat /tmp/enrich-cp.txt) \
 *     io.paperstream.enrich.streams.EnrichCpuBenchmark
 * </pre>
 *
 * Options (system properties): {@code -Dbenchmark.data=<file>}, {@code -Dbenchmark.papers=<how many>},
 * {@code -Dbenchmark.rounds=<rounds>}; {@code -Dbenchmark.cold=<variant index>} runs one variant once in a fresh JVM
 * instead (see {@link #cold}). Not a test: CPU time depends on the machine and its load.
 */
public final class EnrichCpuBenchmark {

    private static final List<Path> DATA = List.of(Path.of("..", "shared", "data", "arxiv-abstracts-100k.txt.gz"),
            Path.of("..", "..", "shared", "data", "arxiv-abstracts-100k.txt.gz"),
            Path.of("..", "..", "..", "shared", "data", "arxiv-abstracts-100k.txt.gz"));
    private static final StreamTopics TOPICS = new StreamTopics(TopicNames.PARSED, TopicNames.ENRICHED,
            TopicNames.DEAD_LETTER, TopicNames.THEME_PREFIX);
    /** Pacing as shipped (application.properties). */
    private static final CommitPacing.Settings PACING = new CommitPacing.Settings(Duration.ofMillis(10),
            Duration.ofMillis(200));
    /** The shipped limits (paperstream-events' microprofile-config.properties). */
    private static final PaperLimits LIMITS = new PaperLimits(1000, 20_000, 100, 100, 1_000_000_000L, 921_600);
    /** As ingest writes them: a related line on some papers, a digest of many papers. */
    private static final int PAPERS_PER_DIGEST = 500;
    private static final int RELATED_EVERY = 3;
    private static final int WARM_UP_ROUNDS = 2;

    private EnrichCpuBenchmark() {
    }

    /**
     * A way of handling event JSON and ids, under a name; {@code limits} is the limits check the JSON-alone measure
     * uses (the topology always runs the shipped {@link PaperLimits}).
     */
    record Variant(String name, PaperCodec codec, LimitsCheck limits) {
    }

    interface LimitsCheck {
        String problemOf(PaperParsed paper);
    }

    public static void main(String[] args) throws IOException {
        Path data = System.getProperty("benchmark.data") != null ? Path.of(System.getProperty("benchmark.data"))
                : DATA.stream().filter(Files::exists).findFirst().orElseThrow(() -> new IllegalStateException(
                        "no abstracts found at " + DATA + "; give -Dbenchmark.data=<file>"));
        int count = Integer.getInteger("benchmark.papers", 5_000);
        int rounds = Integer.getInteger("benchmark.rounds", 6);

        ObjectMapper before = EventJson.configure(new ObjectMapper());
        ObjectMapper isoInstants = EventJson.configure(new ObjectMapper()).registerModule(IsoInstants.module());
        LimitsCheck oldLimits = paper -> OldLimits.problemOf(LIMITS, paper);
        LimitsCheck limits = paper -> LIMITS.problemOf(paper.title(), paper.summary(), paper.related(),
                paper.source());
        List<Variant> variants = List.of(
                new Variant("before", codec(before, EnrichCpuBenchmark::oldId), oldLimits),
                new Variant("+ PaperId: digest per thread, ASCII titles", codec(before, PaperId::fromTitle),
                        oldLimits),
                new Variant("+ limits: no code point count", codec(before, PaperId::fromTitle), limits),
                new Variant("+ IsoInstants (as shipped: EVENT_JSON)", PaperCodec.EVENT_JSON, limits));
        String cold = System.getProperty("benchmark.cold");
        if (cold != null) {
            cold(variants.get(Integer.parseInt(cold)), data, count, before);
            return;
        }

        List<byte[]> papers = papers(data, count, before);
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        System.out.printf("Enrich CPU benchmark: %,d papers from %s, %d rounds, Java %s, load average %.1f%n",
                papers.size(), data, rounds, System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Driver> drivers = variants.stream().map(v -> new Driver(v, tagger)).toList();
        for (Driver driver : drivers.subList(1, drivers.size())) {
            driver.checkSameOutput(drivers.get(0), papers);
        }
        double[][] msPerPaper = new double[variants.size()][rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int i = 0; i < drivers.size(); i++) {
                // a rotating order: no variant always runs right after the same one
                int v = Math.floorMod(i + round, drivers.size());
                long start = threads.getCurrentThreadCpuTime();
                drivers.get(v).pipe(papers);
                long cpu = threads.getCurrentThreadCpuTime() - start;
                drivers.get(v).drain();
                if (round >= 0) {
                    msPerPaper[v][round] = cpu / 1e6 / papers.size();
                }
            }
        }
        drivers.forEach(Driver::close);
        report("the topology (test driver): validate, tag, serialize, Streams", variants, msPerPaper);

        // the same, of the JSON and id work alone (what the variants differ in), without the tagger and Streams
        double[][] codecMsPerPaper = new double[variants.size()][rounds];
        long sink = 0;
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                int v = Math.floorMod(i + round, variants.size());
                long start = threads.getCurrentThreadCpuTime();
                sink += codecOnly(variants.get(v), papers);
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    codecMsPerPaper[v][round] = cpu / 1e6 / papers.size();
                }
            }
        }
        report("the JSON, limits and id work alone: read PaperParsed, check it, write PaperEnriched (" + sink
                + " bytes)",
                variants, codecMsPerPaper);
        System.out.printf("load average at the end %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static final List<ThemeTag> TAGS = List.of(
            new ThemeTag("reinforcement-learning", "Reinforcement learning", 0.82, List.of("policy gradient")),
            new ThemeTag("robotics", "Robotics", 0.41, List.of("robot")));

    /** What the validator and the enricher do with JSON and ids for each paper; returns the bytes written. */
    private static long codecOnly(Variant variant, List<byte[]> papers) {
        PaperCodec codec = variant.codec();
        long bytes = 0;
        for (byte[] json : papers) {
            PaperParsed paper = codec.readParsed(json);
            if (variant.limits().problemOf(paper) != null || !paper.id().equals(codec.paperId(paper.title()))) {
                throw new IllegalStateException("a valid paper is not valid: " + paper.id());
            }
            bytes += codec.writeEnriched(PaperEnriched.of(paper, TAGS, Instant.now(), "2026.11.6")).length;
        }
        return bytes;
    }

    private static void report(String what, List<Variant> variants, double[][] msPerPaper) {
        int rounds = msPerPaper[0].length;
        System.out.println(what);
        System.out.printf("%-45s %10s %10s %s%n", "variant", "ms/paper", "/ before", "(median of rounds; per round)");
        for (int v = 0; v < variants.size(); v++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = msPerPaper[v][r] / msPerPaper[0][r];
            }
            System.out.printf("%-45s %10.4f %10.3f %s%n", variants.get(v).name(), median(msPerPaper[v]),
                    median(ratios), Arrays.toString(Arrays.stream(ratios).map(x -> Math.round(x * 1000) / 1000.0)
                            .toArray()));
        }
    }

    /** The topology with one variant, in a test driver of its own. */
    private static final class Driver implements AutoCloseable {

        private final TopologyTestDriver driver;
        private final TestInputTopic<String, byte[]> parsed;
        private final TestOutputTopic<String, byte[]> enriched;
        private final TestOutputTopic<String, byte[]> deadLetter;
        private final String name;

        Driver(Variant variant, ThemeTagger tagger) {
            this.name = variant.name();
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-cpu-benchmark");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            driver = new TopologyTestDriver(new TopologyProducer(TOPICS, tagger,
                    new EnrichMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), LIMITS, PACING,
                    variant.codec()).topology(), config);
            parsed = driver.createInputTopic(TOPICS.parsed(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            enriched = driver.createOutputTopic(TOPICS.enriched(), Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
            deadLetter = driver.createOutputTopic(TOPICS.deadLetter(), Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
        }

        void pipe(List<byte[]> papers) {
            for (byte[] paper : papers) {
                parsed.pipeInput(null, paper);
            }
        }

        void drain() {
            if (!deadLetter.isEmpty()) {
                throw new IllegalStateException(name + " dead-lettered a paper");
            }
            enriched.readValuesToList();
        }

        /** Every variant must write what the first writes, but for enrichedAt (the clock runs). */
        void checkSameOutput(Driver reference, List<byte[]> papers) {
            pipe(papers);
            reference.pipe(papers);
            List<byte[]> mine = enriched.readValuesToList();
            List<byte[]> theirs = reference.enriched.readValuesToList();
            if (mine.size() != papers.size() || theirs.size() != papers.size()) {
                throw new IllegalStateException(name + ": " + mine.size() + " papers out of " + papers.size());
            }
            for (int i = 0; i < mine.size(); i++) {
                if (!withoutEnrichedAt(mine.get(i)).equals(withoutEnrichedAt(theirs.get(i)))) {
                    throw new IllegalStateException(name + " writes another JSON than " + reference.name + ":\n"
                            + new String(mine.get(i), StandardCharsets.UTF_8) + "\n"
                            + new String(theirs.get(i), StandardCharsets.UTF_8));
                }
            }
        }

        private static String withoutEnrichedAt(byte[] json) {
            return new String(json, StandardCharsets.UTF_8).replaceAll("\"enrichedAt\":\"[^\"]*\"", "");
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static PaperCodec codec(ObjectMapper mapper, java.util.function.UnaryOperator<String> paperId) {
        return new PaperCodec() {

            @Override
            public PaperParsed readParsed(byte[] json) {
                try {
                    return mapper.readValue(json, PaperParsed.class);
                } catch (IOException e) {
                    throw new InvalidEventException("unreadable: " + e.getMessage(), e);
                }
            }

            @Override
            public String paperId(String title) {
                return paperId.apply(title);
            }

            @Override
            public byte[] writeEnriched(PaperEnriched paper) {
                try {
                    return mapper.writeValueAsBytes(paper);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** PaperId.fromTitle as it was: Unicode normalization of every title, a MessageDigest looked up per paper. */
    private static String oldId(String title) {
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder normalized = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); ) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (pendingSpace && normalized.length() > 0) {
                    normalized.append(' ');
                }
                pendingSpace = false;
                normalized.appendCodePoint(cp);
            } else {
                pendingSpace = true;
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(normalized.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The papers.parsed values ingest would write for the first {@code count} abstracts. */
    private static List<byte[]> papers(Path data, int count, ObjectMapper mapper) throws IOException {
        List<byte[]> papers = new ArrayList<>();
        // ingest's clock: microseconds on Linux
        Instant ingested = Instant.parse("2026-11-30T23:00:00Z");
        String digestId = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
            String title;
            while (papers.size() < count && (title = reader.readLine()) != null) {
                String summary = reader.readLine();
                if (summary == null) {
                    break;
                }
                int n = papers.size();
                if (n % PAPERS_PER_DIGEST == 0) {
                    digestId = UUID.nameUUIDFromBytes(("digest " + n).getBytes(StandardCharsets.UTF_8)).toString();
                }
                Map<String, Long> related = new LinkedHashMap<>();
                if (n % RELATED_EVERY == 0) {
                    related.put("guides", (long) (n % 7 + 1));
                }
                ingested = ingested.plus(137, ChronoUnit.MICROS);
                PaperParsed paper = new PaperParsed(PaperParsed.SCHEMA_VERSION, PaperId.fromTitle(title), title,
                        summary, related, digestId, "arxiv", n % PAPERS_PER_DIGEST * 3 + 1, ingested);
                papers.add(mapper.writeValueAsBytes(paper));
            }
        }
        return papers;
    }

    /** PaperLimits.problemOf as it was: every text's code points counted (the reasons are not compared). */
    static final class OldLimits {

        static String problemOf(PaperLimits limits, PaperParsed paper) {
            String problem = text(paper.title(), limits.maxTitleLength());
            if (problem == null) {
                problem = text(paper.summary(), limits.maxSummaryLength());
            }
            if (problem == null) {
                problem = text(paper.source(), limits.maxSourceLength());
            }
            if (problem == null) {
                for (Map.Entry<String, Long> entry : paper.related().entrySet()) {
                    problem = text(entry.getKey(), limits.maxTitleLength());
                    if (problem == null && (entry.getValue() < 0 || entry.getValue() > limits.maxRelatedCount())) {
                        problem = "count";
                    }
                }
            }
            return problem;
        }

        private static String text(String text, int maxLength) {
            if (text == null) {
                return null;
            }
            if (text.length() > 2L * maxLength || text.codePointCount(0, text.length()) > maxLength) {
                return "long";
            }
            for (int i = 0; i < text.length(); i++) {
                if (PaperLimits.isControl(text.charAt(i))) {
                    return "control";
                }
            }
            return null;
        }
    }

    /**
     * One variant from a cold JVM over the papers once, as a freshly started service meets them: the CPU of the whole
     * process (JIT compilation included) and of this thread. Alternate variants over several JVMs, e.g.
     * {@code for r in 1 2 3; do for v in 0 3; do java ... -Dbenchmark.cold=$v ...; done; done}.
     */
    private static void cold(Variant variant, Path data, int count, ObjectMapper before) throws IOException {
        List<byte[]> papers = papers(data, count, before);
        ThemeTagger tagger = new ThemeTagger(TaxonomyLoader.loadDefault());
        Driver driver = new Driver(variant, tagger);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long process = os.getProcessCpuTime();
        long thread = threads.getCurrentThreadCpuTime();
        driver.pipe(papers);
        long threadCpu = threads.getCurrentThreadCpuTime() - thread;
        long processCpu = os.getProcessCpuTime() - process;
        driver.drain();
        driver.close();
        System.out.printf("cold %-45s process %.4f ms/paper, thread %.4f ms/paper (%,d papers, load %.1f)%n",
                variant.name(), processCpu / 1e6 / papers.size(), threadCpu / 1e6 / papers.size(), papers.size(),
                os.getSystemLoadAverage());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
